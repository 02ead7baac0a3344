import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import * as core from "../src/index";
import * as testing from "../src/testing/index";

const src = fileURLToPath(new URL("../src/", import.meta.url));
const sources = readdirSync(src, { recursive: true, encoding: "utf8" })
  .filter((file) => file.endsWith(".ts"))
  .map((file) => readFileSync(src + file, "utf8"))
  .join("\n");

describe("@sealed-session/core exports", () => {
  it("exports exactly these names", () => {
    expect(Object.keys(core).sort()).toMatchInlineSnapshot(`
      [
        "CHUNKED_PREFIX",
        "DEFAULT_COOKIE",
        "DEFAULT_NAME",
        "HeadersSentError",
        "KeyCache",
        "MAC_PREFIX",
        "OptionsInvalidError",
        "PasswordInvalidError",
        "PasswordMissingError",
        "PasswordShortError",
        "SealDataError",
        "SealDecryptError",
        "SealExpiredError",
        "SealForeignSaltError",
        "SealMacError",
        "SealMalformedError",
        "SealUnknownKeyError",
        "SealedSessionError",
        "SessionExpiredError",
        "SessionInvalidError",
        "SessionSchemaError",
        "SessionTooLargeError",
        "UnsealError",
        "WebExchange",
        "applyExchange",
        "bindSessionFunctions",
        "clearSession",
        "commitBeforeHeaders",
        "defaultKeyCache",
        "expireChunkedCookie",
        "getSession",
        "isSealedSessionError",
        "isSessionCookie",
        "isUnsealError",
        "nodeExchange",
        "openSession",
        "parseToken",
        "readChunkedCookie",
        "resolveSessionConfig",
        "restage",
        "seal",
        "sealDefaults",
        "sealSession",
        "settleSessions",
        "unseal",
        "unsealSession",
        "unsealWithInfo",
        "updateSession",
        "useSession",
        "useWebSession",
        "webExchange",
        "writeChunkedCookie",
      ]
    `);
  });

  it("@sealed-session/core/testing exports exactly these names", () => {
    expect(Object.keys(testing).sort()).toMatchInlineSnapshot(`
      [
        "CookieJar",
        "describeSessionConformance",
      ]
    `);
  });

  it("every exported value and type has JSDoc", () => {
    const index = readFileSync(`${src}index.ts`, "utf8");
    const names = [...index.matchAll(/(?:^|[\s{,])(?:type\s+)?([A-Za-z_]\w*)(?=\s*[,}])/g)].map((m) => m[1] as string);
    const undocumented = [...new Set(names)].filter(
      (name) =>
        !new RegExp(`\\*/\\s*(?:export\\s+)?(?:declare\\s+)?(?:async\\s+)?(?:class|function|const|interface|type)\\s+${name}\\b`).test(
          sources,
        ),
    );
    expect(undocumented).toEqual([]);
  });
});

describe("built core runs on Web APIs alone", () => {
  const dist = fileURLToPath(new URL("../dist/", import.meta.url));
  const files = readdirSync(dist).filter((f) => /\.(c?js)$/.test(f) && f !== "cli.js" && !f.startsWith("testing"));

  it("builds the entry points and their shared chunks", () => {
    expect(files).toEqual(expect.arrayContaining(["index.js", "index.cjs"]));
  });

  it.each(files)("%s imports no node: module and touches no Buffer or process", (file) => {
    const text = readFileSync(dist + file, "utf8");
    expect(text).not.toMatch(/["']node:|require\(["'](fs|crypto|buffer|util|path)["']\)|\bBuffer\b|\bprocess\./);
    const imports = [...text.matchAll(/(?:from |require\()["']([^"']+)["']/g)].map((m) => m[1] as string);
    for (const specifier of imports) expect(["uncrypto", "cookie-es"].includes(specifier) || specifier.startsWith("./")).toBe(true);
  });
});
