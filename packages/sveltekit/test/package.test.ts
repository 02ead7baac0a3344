import { describe, expect, it } from "vitest";
import * as binding from "../src/index";

describe("exports", () => {
  it("exports exactly these names", () => {
    expect(Object.keys(binding).sort()).toMatchInlineSnapshot(`
      [
        "clearSession",
        "getSession",
        "handleCsrf",
        "handleSession",
        "sealSession",
        "unsealSession",
        "updateSession",
        "useSession",
      ]
    `);
  });
});
