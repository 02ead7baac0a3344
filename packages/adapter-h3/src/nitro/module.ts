// The Nitro module: `modules: ["@sealed-session/h3/nitro"]` in nitro.config.ts
// (nitropack 2 on h3 v1, nitro 3 on h3 v2). Build time only.
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type AutoImports, autoImportPlugin } from "./imports";

/** The session functions the module auto-imports from `@sealed-session/h3`, in place of h3's own. */
export const SESSION_FUNCTIONS = [
  "useSession",
  "getSession",
  "updateSession",
  "clearSession",
  "sealSession",
  "unsealSession",
] as const;

// What the module touches of Nitro 2's and 3's build-time object.
interface NitroLike {
  readonly meta?: { readonly majorVersion?: number };
  readonly options: {
    imports?: false | { imports?: Array<{ name: string; from: string; priority?: number }> };
    plugins: string[];
    handlers: Array<{ handler: string; middleware?: boolean }>;
    serverDir?: string | false;
    rootDir: string;
  };
  hooks: { hook(name: string, fn: (...args: never[]) => unknown): unknown };
}

const runtime = (name: string) => fileURLToPath(new URL(`./nitro-${name}.js`, import.meta.url));

/**
 * Makes Nitro's session utilities this package's, and makes each response
 * wait for session writes its handler did not await, so Nitro's documented
 * `session.update({ foo: "bar" })` (left floating) still lands in it.
 *
 * - Nitro 2 (`nitropack`, h3 v1): the six functions replace h3's in Nitro's
 *   auto-imports; a runtime plugin settles sessions in `beforeResponse`.
 * - Nitro 3 (`nitro`, h3 v2): Nitro 3 has no auto-imports; the module adds
 *   the ones the session documentation's files use (the six functions,
 *   `defineEventHandler`, `useRuntimeConfig`) to files that use them without
 *   importing them, and a global middleware settles sessions before the
 *   handler's value becomes the response.
 */
const sealedSessionNitro = {
  name: "@sealed-session/h3/nitro",
  setup(nitro: NitroLike): void {
    if (nitro.meta?.majorVersion === 2) {
      const { imports } = nitro.options;
      if (imports) {
        imports.imports ??= [];
        // A higher priority than the h3 preset's: unimport keeps ours for these names.
        for (const name of SESSION_FUNCTIONS)
          imports.imports.push({ name, from: "@sealed-session/h3", priority: 10 });
      }
      nitro.options.plugins.push(runtime("plugin"));
      return;
    }
    const names: AutoImports = {
      "@sealed-session/h3": SESSION_FUNCTIONS,
      "nitro/h3": ["defineEventHandler"],
      [runtimeConfigModule(nitro.options.rootDir)]: ["useRuntimeConfig"],
    };
    // nitro 3.0.0 leaves serverDir as written ("." in a .nitrorc); later betas resolve it.
    const root = resolve(nitro.options.rootDir, nitro.options.serverDir || ".");
    nitro.hooks.hook("rollup:before", ((_: unknown, config: { plugins?: unknown }) => {
      config.plugins = [
        autoImportPlugin(names, root),
        ...(Array.isArray(config.plugins)
          ? config.plugins
          : config.plugins
            ? [config.plugins]
            : []),
      ];
    }) as never);
    nitro.options.handlers.push({ handler: runtime("middleware"), middleware: true });
  },
};

export default sealedSessionNitro;

// Where the app's nitro exports `useRuntimeConfig`: "nitro/runtime-config" in
// the 2026 betas, "nitro/runtime" in nitro 3.0.0 (which has no such subpath).
function runtimeConfigModule(rootDir: string): string {
  try {
    const nitro = createRequire(join(rootDir, "package.json"))("nitro/package.json") as {
      exports?: Record<string, unknown>;
    };
    if (nitro.exports && !("./runtime-config" in nitro.exports)) return "nitro/runtime";
  } catch {
    // Not resolvable from the app: keep the newer name.
  }
  return "nitro/runtime-config";
}
