import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import * as adapter from "../src/adapter";
import * as core from "../src/index";
import * as sealEntry from "../src/seal/index";

const src = fileURLToPath(new URL("../src/", import.meta.url));
const sources = readdirSync(src, { recursive: true, encoding: "utf8" })
  .filter((file) => file.endsWith(".ts"))
  .map((file) => readFileSync(src + file, "utf8"))
  .join("\n");

describe("@sealed-session/core exports", () => {
  it("exports exactly these names: the seal library's (below) and these", () => {
    expect(
      Object.keys(core)
        .filter((name) => !(name in sealEntry))
        .sort(),
    ).toMatchInlineSnapshot(`
      [
        "CSRF_FIELD",
        "CSRF_HEADER",
        "DEFAULT_COOKIE",
        "HeadersSentError",
        "SessionConflictError",
        "SessionCsrfError",
        "SessionExpiredError",
        "SessionInvalidError",
        "SessionLegacyError",
        "SessionNotFoundError",
        "SessionReadOnlyError",
        "SessionRevokedError",
        "SessionSchemaError",
        "SessionTooLargeError",
        "StoreUnavailableError",
        "createRevocation",
        "createSessionStore",
        "memoryStorage",
        "redisStorage",
        "useWebSession",
        "verifyRequestCsrf",
      ]
    `);
  });

  it("@sealed-session/core/seal exports exactly these names, every one also in @sealed-session/core", () => {
    expect(Object.keys(sealEntry).sort()).toMatchInlineSnapshot(`
      [
        "KeyCache",
        "OptionsInvalidError",
        "PasswordInvalidError",
        "PasswordMissingError",
        "PasswordShortError",
        "PasswordWeakError",
        "SealDataError",
        "SealDecryptError",
        "SealExpiredError",
        "SealForeignSaltError",
        "SealMacError",
        "SealMalformedError",
        "SealUnknownKeyError",
        "SealedSessionError",
        "UnsealError",
        "createSealer",
        "defaultKeyCache",
        "formatKeyring",
        "isKeyring",
        "isSealedSessionError",
        "isUnsealError",
        "parseKeyring",
        "parseToken",
        "passwordFromEnv",
        "seal",
        "sealDefaults",
        "unseal",
        "unsealWithInfo",
      ]
    `);
    for (const name of Object.keys(sealEntry)) expect(core).toHaveProperty(name);
  });

  it("@sealed-session/core/adapter exports exactly these names, none of them in @sealed-session/core", () => {
    expect(Object.keys(adapter).sort()).toMatchInlineSnapshot(`
      [
        "DEFAULT_NAME",
        "SECURE_DEFAULTS",
        "Slot",
        "WebExchange",
        "applyExchange",
        "bindSessionFunctions",
        "clearSession",
        "commitBeforeHeaders",
        "commitIfChanged",
        "csrfFieldOf",
        "csrfRefusal",
        "getSession",
        "isUnsafeMethod",
        "nodeExchange",
        "openSession",
        "openSessionNow",
        "requestHeader",
        "resolveSessionConfig",
        "restageByName",
        "sealSession",
        "settleSessions",
        "stageOnHeaders",
        "unsealSession",
        "updateSession",
        "useSession",
        "webExchange",
      ]
    `);
    for (const name of Object.keys(adapter)) expect(core).not.toHaveProperty(name);
  });

  it("@sealed-session/core/otel exports otelTelemetry alone, and only it imports @opentelemetry/api", async () => {
    expect(Object.keys(await import("../src/otel"))).toEqual(["otelTelemetry"]);
    const importers = readdirSync(src, { recursive: true, encoding: "utf8" }).filter(
      (file) =>
        file.endsWith(".ts") && readFileSync(src + file, "utf8").includes("@opentelemetry/api"),
    );
    expect(importers).toEqual(["otel.ts"]);
  });

  it.each(["index.ts", "adapter.ts", "seal/index.ts"])(
    "every value and type %s exports has JSDoc",
    (entry) => {
      const index = readFileSync(`${src}${entry}`, "utf8").replace(
        /\/\*[\s\S]*?\*\/|\/\/.*$/gm,
        "",
      );
      const names = [...index.matchAll(/(?:^|[\s{,])(?:type\s+)?([A-Za-z_]\w*)(?=\s*[,}])/g)].map(
        (m) => m[1] as string,
      );
      const undocumented = [...new Set(names)].filter(
        (name) =>
          !new RegExp(
            `\\*/\\s*(?:export\\s+)?(?:declare\\s+)?(?:async\\s+)?(?:class|function|const|interface|type)\\s+${name}\\b`,
          ).test(sources),
      );
      expect(undocumented).toEqual([]);
    },
  );
});

describe("the node build (Node, Bun, Deno: the package's node export condition)", () => {
  const dist = fileURLToPath(new URL("../dist/node/", import.meta.url));

  it("seals through node:crypto and carries no Web Crypto provider", () => {
    const text = readdirSync(dist)
      .map((file) => readFileSync(dist + file, "utf8"))
      .join("\n");
    expect(text).toMatch(/["']node:crypto["']/);
    expect(text).not.toMatch(/uncrypto|\bsubtle\./);
  });

  it("is what the package resolves to under Node, and its tokens are the web build's", async () => {
    const require = createRequire(import.meta.url);
    expect(require.resolve("@sealed-session/core")).toMatch(/dist\/node\/index\.cjs$/);
    const node = require("@sealed-session/core") as typeof core;
    const web = require("../dist/index.cjs") as typeof core;
    const password = "node-build-password-0123456789abcdefghij";
    expect(await web.unseal(await node.seal({ n: 1 }, password), password)).toEqual({ n: 1 });
    expect(await node.unseal(await web.seal({ n: 2 }, password), password)).toEqual({ n: 2 });
  });
});

describe("weak secrets in production (issue 23)", () => {
  // A fresh process per NODE_ENV: the node build reads it when a config is resolved.
  const startUp = (nodeEnv: string, build: string) => {
    const script = `const m = require(${JSON.stringify(build.replace(/index\.cjs$/, "adapter.cjs"))});
      const exchange = { key: {}, getRequestHeader: () => undefined, stage() {} };
      m.useSession(exchange, { password: "change-me-to-a-32-character-secret" })
        .then(() => console.log("started"), (error) => console.log(error.code));`;
    const result = spawnSync(process.execPath, ["-e", script], {
      env: { ...process.env, NODE_ENV: nodeEnv },
      encoding: "utf8",
    });
    return { out: result.stdout.trim(), err: result.stderr };
  };

  it("refuses a placeholder password at start-up where NODE_ENV=production, and warns once elsewhere", () => {
    const node = fileURLToPath(new URL("../dist/node/index.cjs", import.meta.url));
    expect(startUp("production", node).out).toBe("ERR_PASSWORD_WEAK");
    const dev = startUp("development", node);
    expect(dev.out).toBe("started");
    expect(dev.err.match(/SEALED_SESSION_WEAK_PASSWORD/g)).toHaveLength(1);
    expect(dev.err).toContain('placeholder word "change-me"');
  });

  it("leaves the Web build to the weakSecrets option: it reads no environment", () => {
    const web = fileURLToPath(new URL("../dist/index.cjs", import.meta.url));
    expect(startUp("production", web).out).toBe("started");
  });
});

describe("source layout", () => {
  // Short modules, short functions (issue 25): a file over 250 lines or a function over 60 is split.
  it("has no file over 250 lines and no function over 60", () => {
    const files = readdirSync(src, { recursive: true, encoding: "utf8" }).filter((file) =>
      file.endsWith(".ts"),
    );
    const long: string[] = [];
    for (const file of files) {
      const text = readFileSync(src + file, "utf8");
      const lines = text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
      if (lines > 250) long.push(`${file}: ${lines} lines`);
      const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
      const visit = (node: ts.Node): void => {
        if (ts.isFunctionLike(node) && "body" in node && node.body) {
          const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
          const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
          const name = (node as { name?: ts.Node }).name?.getText(source) ?? "(anonymous)";
          if (last - first + 1 > 60)
            long.push(`${file}:${first + 1} ${name}: ${last - first + 1} lines`);
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    expect(long).toEqual([]);
  });

  it("keeps biome.json's layer rules as scripts/biome-layers.mjs generates them (written once, not per folder)", () => {
    const script = fileURLToPath(new URL("../../../scripts/biome-layers.mjs", import.meta.url));
    const run = spawnSync(process.execPath, [script, "--check"], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });

  it("starts every file with a @module line saying what it holds", () => {
    const files = readdirSync(src, { recursive: true, encoding: "utf8" }).filter((file) =>
      file.endsWith(".ts"),
    );
    const bare = files.filter(
      (file) => !/^\/\*\*\s*\n?\s*\*?\s*@module\b/.test(readFileSync(src + file, "utf8")),
    );
    expect(bare).toEqual([]);
  });

  // The walk from a password to a token's crypto calls reads in one module
  // per format (issue 25; Fe26.3 in issue 28): the seal layer's other modules
  // give keys and parse, and only the sealer, which picks the format, calls
  // the walks.
  it("makes a token's crypto calls in one module per format, which only the sealer imports", () => {
    const files = readdirSync(src, { recursive: true, encoding: "utf8" }).filter(
      (file) => file.endsWith(".ts") && !/^seal\/crypto/.test(file),
    );
    const text = (file: string) => readFileSync(src + file, "utf8");
    const cryptoCalls = files.filter((file) =>
      /crypto\.(encrypt|decrypt)(Gcm)?\(|crypto\.sign\(key, crypto\.utf8\(text\)\)/.test(
        text(file),
      ),
    );
    // The svelte-kit-cookie-session reader decrypts that library's cookies, not a token of ours.
    expect(cryptoCalls.sort()).toEqual([
      "seal/gcm.ts",
      "seal/iron.ts",
      "session/svelte-kit-cookie-session.ts",
    ]);
    const walkers = files.filter((file) => /from "\.\/(iron|gcm)"/.test(text(file)));
    expect(walkers).toEqual(["seal/sealer.ts"]);
    const importers = files.filter((file) => /from "\.{1,2}\/(seal\/)?sealer"/.test(text(file)));
    expect(importers.sort()).toEqual([
      "seal/functions.ts",
      "session/config.ts",
      "session/iron-session.ts",
      "session/resolve.ts",
    ]);
  });

  // Every relative import, type-only ones included: the layers form no cycle.
  it("has no import cycle", () => {
    const files = readdirSync(src, { recursive: true, encoding: "utf8" }).filter((file) =>
      file.endsWith(".ts"),
    );
    const graph = new Map<string, string[]>();
    for (const file of files) {
      const text = readFileSync(src + file, "utf8");
      const targets = [...text.matchAll(/from\s+"(\.{1,2}\/[^"]+)"/g)].map((m) => {
        const resolved = new URL(m[1] as string, `file:///${file}`).pathname.slice(1);
        return files.includes(`${resolved}.ts`) ? `${resolved}.ts` : `${resolved}/index.ts`;
      });
      graph.set(file, targets);
    }
    const cycles: string[] = [];
    const state = new Map<string, "open" | "done">();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === "done") return;
      if (state.get(file) === "open") {
        cycles.push([...path.slice(path.indexOf(file)), file].join(" → "));
        return;
      }
      state.set(file, "open");
      for (const target of graph.get(file) ?? []) visit(target, [...path, file]);
      state.set(file, "done");
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
  });
});

describe("built core runs on Web APIs alone", () => {
  const dist = fileURLToPath(new URL("../dist/", import.meta.url));
  const files = readdirSync(dist).filter((f) => /\.(c?js)$/.test(f) && f !== "cli.js");

  it("builds the entry points and their shared chunks", () => {
    expect(files).toEqual(expect.arrayContaining(["index.js", "index.cjs"]));
  });

  it("declares no internal class and no underscore member in any public type", () => {
    const declarations = readdirSync(dist).filter((f) => /\.d\.c?ts$/.test(f));
    expect(declarations.length).toBeGreaterThan(0);
    for (const file of declarations) {
      const text = readFileSync(dist + file, "utf8");
      expect(text, file).not.toMatch(/\bSecretKeys\b|\bCacheStore\b|@internal|^\s+_\w+\(/m);
    }
  });

  it.each(files)("%s imports no node: module and touches no Buffer or process", (file) => {
    const text = readFileSync(dist + file, "utf8");
    expect(text).not.toMatch(
      /["']node:|require\(["'](fs|crypto|buffer|util|path)["']\)|\bBuffer\b|\bprocess\./,
    );
    const imports = [...text.matchAll(/(?:from |require\()["']([^"']+)["']/g)].map(
      (m) => m[1] as string,
    );
    // The otel entry alone imports its optional peer.
    const allowed = file.startsWith("otel.") ? ["@opentelemetry/api"] : ["uncrypto", "cookie-es"];
    for (const specifier of imports)
      expect(
        allowed.includes(specifier) || specifier.startsWith("./"),
        `${file}: ${specifier}`,
      ).toBe(true);
  });
});
