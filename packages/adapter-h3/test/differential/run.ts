// Runs one scenario through one implementation of h3's session functions on
// one h3 major, and records what every response showed.
import { createRequire, syncBuiltinESMExports } from "node:module";
import type { SessionConfig } from "@sealed-session/core";
import * as h3v2 from "h3";
import * as h3v1 from "h3-v1";
import { vi } from "vitest";
import * as ours from "../../src/index";
import { h3Versions, type Route } from "../_apps";
import type { Patch } from "./differences";
import { Labels, type Observation, observe } from "./observe";

/** The six functions Nitro documents, as h3 and this adapter export them. */
export interface SessionFunctions {
  // biome-ignore-start lint/suspicious/noExplicitAny: both implementations are driven through one loose signature.
  useSession(event: any, config: any): Promise<any>;
  getSession(event: any, config: any): Promise<any>;
  updateSession(event: any, config: any, update?: any): Promise<any>;
  clearSession(event: any, config: any): Promise<void>;
  sealSession(event: any, config: any): Promise<string>;
  unsealSession(event: any, config: any, sealed: string): Promise<any>;
  // biome-ignore-end lint/suspicious/noExplicitAny: end
}

export type Major = "v2" | "v1";
export type Implementation = "h3" | "ours";

export const implementations: Record<Major, Record<Implementation, SessionFunctions>> = {
  v2: { h3: h3v2 as unknown as SessionFunctions, ours },
  v1: { h3: h3v1 as unknown as SessionFunctions, ours },
};

/** A route of a scenario: the session functions, the event and the config. */
export type Handler = (
  fns: SessionFunctions,
  event: unknown,
  config: SessionConfig,
) => unknown | Promise<unknown>;

/** One request of a scenario. */
export interface Step {
  readonly route: string;
  /** What the client sends: its cookies (default), the last token in `x-<name>-session`, a raw header set, or nothing. */
  readonly send?:
    | "cookies"
    | "header"
    | "nothing"
    | { readonly headers: Record<string, string> | (() => Promise<Record<string, string>>) };
  /** Seconds to move the clock forward before the request. */
  readonly after?: number;
}

export interface Scenario {
  readonly name: string;
  readonly config: SessionConfig;
  readonly routes: Record<string, Handler>;
  readonly steps: readonly Step[];
  /** The majors it runs on (both by default). */
  readonly majors?: readonly Major[];
  /** Where ours differs on purpose, exactly. */
  readonly patches?: readonly Patch[];
}

export const START = 1_800_000_000_000;

// node:crypto's CommonJS exports: spied on there, then synced into its ES module exports.
const nodeCrypto = createRequire(import.meta.url)("node:crypto") as typeof import("node:crypto");

/** Runs `scenario` on `major` with `implementation`; one observation per step. */
export async function run(
  scenario: Scenario,
  major: Major,
  implementation: Implementation,
): Promise<Observation[]> {
  const fns = implementations[major][implementation];
  // Every config counts its ids; one that sets generateId gets `app-id-N`,
  // numbered per run so both implementations can hand out the same ids.
  let generatedIds = 0;
  const appIds = scenario.config.generateId !== undefined;
  const config: SessionConfig = {
    ...scenario.config,
    generateId: () => {
      generatedIds++;
      return appIds ? `app-id-${generatedIds}` : crypto.randomUUID();
    },
  };
  const routes: Record<string, Route> = {};
  for (const [path, handler] of Object.entries(scenario.routes))
    routes[path] = (event) => handler(fns, event, config);
  const build = h3Versions.find(([name]) => name === `h3 ${major}`)?.[1];
  if (!build) throw new Error(`no h3 ${major}`);
  const app = await build(routes);
  // One seal is one encryption: Web Crypto's (h3, and core's web build) or node:crypto's (core's node build).
  const encrypt = vi.spyOn(crypto.subtle, "encrypt");
  const cipher = vi.spyOn(nodeCrypto, "createCipheriv");
  syncBuiltinESMExports();
  vi.useFakeTimers({ now: START, toFake: ["Date"] });
  const labels = new Labels();
  const jar = new Map<string, string>();
  let lastToken: string | undefined;
  const name = scenario.config.name ?? "h3";
  const observations: Observation[] = [];
  try {
    for (const step of scenario.steps) {
      if (step.after) vi.setSystemTime(Date.now() + step.after * 1000);
      const send = step.send ?? "cookies";
      const headers: Record<string, string> =
        send === "cookies"
          ? jar.size > 0
            ? { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; ") }
            : {}
          : send === "header"
            ? lastToken
              ? { [`x-${name.toLowerCase()}-session`]: lastToken }
              : {}
            : send === "nothing"
              ? {}
              : typeof send.headers === "function"
                ? await send.headers()
                : send.headers;
      encrypt.mockClear();
      cipher.mockClear();
      const before = generatedIds;
      const response = await app.fetch(step.route, { headers });
      const seals = encrypt.mock.calls.length + cipher.mock.calls.length;
      for (const cookie of response.headers.getSetCookie()) {
        const [pair = ""] = cookie.split(";");
        const at = pair.indexOf("=");
        const [key, value] = [pair.slice(0, at), pair.slice(at + 1)];
        if (value === "" || /max-age=0/i.test(cookie)) jar.delete(key);
        else jar.set(key, value);
      }
      const header = response.headers.get(`x-${name.toLowerCase()}-session`);
      const main = jar.get(name);
      lastToken =
        header || (main && !main.startsWith("__chunked__") ? decodeURIComponent(main) : lastToken);
      observations.push(
        await observe(response, {
          password: scenario.config.password,
          seal: scenario.config.seal,
          start: START,
          labels,
          seals,
          generatedIds: generatedIds - before,
        }),
      );
    }
  } finally {
    vi.useRealTimers();
    encrypt.mockRestore();
    cipher.mockRestore();
    syncBuiltinESMExports();
    await app.close();
  }
  return observations;
}
