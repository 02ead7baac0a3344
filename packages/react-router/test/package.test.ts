import { describe, expect, it } from "vitest";
import * as binding from "../src/index";

describe("exports", () => {
  it("exports exactly these names", () => {
    expect(Object.keys(binding).sort()).toMatchInlineSnapshot(`
      [
        "clearSession",
        "createSealedSessionStorage",
        "csrf",
        "getSession",
        "sealSession",
        "session",
        "sessionContext",
        "unsealSession",
        "updateSession",
        "useSession",
        "withSessions",
      ]
    `);
  });
});
