// The Nitro module's build-time pieces; the modules themselves run in
// examples/nitro (nitropack 2) and examples/nitro-v3 (nitro 3) on real builds.
import { describe, expect, it } from "vitest";
import { autoImportPlugin } from "../src/nitro/imports";
import sealedSessionNitro from "../src/nitro/module";

const plugin = autoImportPlugin(
  { "@sealed-session/h3": ["useSession", "getSession"], "nitro/h3": ["defineEventHandler"] },
  "/app",
);
const transform = (code: string, id = "/app/routes/index.ts") =>
  plugin.transform(code, id)?.code ?? null;

describe("Nitro 3 auto-imports", () => {
  it("imports what a server file calls without importing it", () => {
    const code =
      "export default defineEventHandler(async (event) => (await useSession(event, c)).data)";
    expect(transform(code)).toBe(
      `import { useSession } from "@sealed-session/h3"; import { defineEventHandler } from "nitro/h3"; ${code}`,
    );
  });

  it("leaves alone what is imported, declared, only a method or a word, and files outside the server directory", () => {
    expect(transform('import { useSession } from "h3";\nuseSession(e, c)')).toBeNull();
    expect(transform("const useSession = () => 1; useSession()")).toBeNull();
    expect(transform("function getSession() {} getSession()")).toBeNull();
    expect(transform("store.useSession(e); const text = 'useSession'")).toBeNull();
    expect(transform("useSession(e, c)", "/elsewhere/x.ts")).toBeNull();
    expect(transform("useSession(e, c)", "/app/node_modules/x/index.js")).toBeNull();
    expect(transform("useSession(e, c)", "/app/routes/page.vue")).toBeNull();
  });
});

describe("the module's setup", () => {
  const base = (majorVersion?: number) => {
    const hooks: Array<[string, (...args: never[]) => unknown]> = [];
    const nitro = {
      meta: majorVersion ? { majorVersion } : {},
      options: {
        imports: { imports: [] as Array<{ name: string; from: string; priority?: number }> },
        plugins: [] as string[],
        handlers: [] as Array<{ handler: string; middleware?: boolean }>,
        rootDir: "/app",
        serverDir: "/app/",
      },
      hooks: { hook: (name: string, fn: (...args: never[]) => unknown) => hooks.push([name, fn]) },
    };
    sealedSessionNitro.setup(nitro);
    return { nitro, hooks };
  };

  it("on Nitro 2: replaces h3's six session auto-imports and settles sessions in beforeResponse", () => {
    const { nitro, hooks } = base(2);
    expect(nitro.options.imports.imports.map((i) => [i.name, i.from, i.priority])).toEqual(
      [
        "useSession",
        "getSession",
        "updateSession",
        "clearSession",
        "sealSession",
        "unsealSession",
      ].map((name) => [name, "@sealed-session/h3", 10]),
    );
    expect(nitro.options.plugins).toEqual([expect.stringMatching(/nitro-plugin\.js$/)]);
    expect([nitro.options.handlers, hooks]).toEqual([[], []]);
  });

  it("on Nitro 3: adds the auto-import transform first and a global middleware", () => {
    const { nitro, hooks } = base();
    expect(nitro.options.handlers).toEqual([
      { handler: expect.stringMatching(/nitro-middleware\.js$/), middleware: true },
    ]);
    const config = { plugins: [{ name: "theirs" }] };
    const [name, hook] = hooks[0] ?? [];
    expect(name).toBe("rollup:before");
    (hook as (nitro: unknown, config: unknown) => void)(nitro, config);
    expect(config.plugins.map((p) => p.name)).toEqual(["sealed-session:auto-imports", "theirs"]);
  });
});
