import { describe, expect, it } from "vitest";
import * as adapter from "../src/index";

describe("exports", () => {
  it("exports exactly these names", () => {
    expect(Object.keys(adapter).sort()).toMatchInlineSnapshot(`
      [
        "clearSession",
        "csrf",
        "getSession",
        "sealSession",
        "session",
        "unsealSession",
        "updateSession",
        "useSession",
      ]
    `);
  });
});
