import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import * as core from "../src/index";

describe("@sealed-session/core exports", () => {
  it("exports exactly these names", () => {
    expect(Object.keys(core).sort()).toMatchInlineSnapshot(`
      [
        "KeyCache",
        "MAC_PREFIX",
        "OptionsInvalidError",
        "PasswordInvalidError",
        "PasswordMissingError",
        "PasswordShortError",
        "SealDataError",
        "SealDecryptError",
        "SealExpiredError",
        "SealMacError",
        "SealMalformedError",
        "SealUnknownKeyError",
        "SealedSessionError",
        "UnsealError",
        "defaultKeyCache",
        "isSealedSessionError",
        "isUnsealError",
        "parseToken",
        "seal",
        "sealDefaults",
        "unseal",
        "unsealWithInfo",
      ]
    `);
  });

  it("every export is documented in the built declarations", () => {
    const dts = readFileSync(fileURLToPath(new URL("../dist/index.d.ts", import.meta.url)), "utf8");
    for (const name of Object.keys(core))
      expect(dts).toMatch(new RegExp(`\\/\\*\\*[^]*?\\*\\/\\s*(declare |export )*(class|function|const) ${name}\\b`));
  });
});

describe("built core runs on Web APIs alone", () => {
  const dist = fileURLToPath(new URL("../dist/", import.meta.url));
  const files = readdirSync(dist).filter((f) => /^index\.(c?js)$/.test(f));

  it.each(files)("%s imports no node: module and touches no Buffer or process", (file) => {
    const text = readFileSync(dist + file, "utf8");
    expect(text).not.toMatch(/["']node:|require\(["'](fs|crypto|buffer|util|path)["']\)|\bBuffer\b|\bprocess\./);
    // Only the two runtime dependencies are imported.
    const imports = [...text.matchAll(/(?:from |require\()["']([^"']+)["']/g)].map((m) => m[1]);
    expect(new Set(imports)).toEqual(new Set(["uncrypto", "cookie-es"].filter((d) => imports.includes(d))));
    expect(imports.length).toBeGreaterThan(0);
  });
});
