import type { SessionData } from "@sealed-session/core";
import { afterAll, beforeAll, describe } from "vitest";
import { clearArea } from "./areas/clear";
import { commitArea } from "./areas/commit";
import { csrfArea } from "./areas/csrf";
import { errorResponsesArea } from "./areas/error-responses";
import { expiryArea } from "./areas/expiry";
import { flashArea } from "./areas/flash";
import { headerClientsArea } from "./areas/header-clients";
import { isolationArea } from "./areas/isolation";
import { regenerateArea } from "./areas/regenerate";
import { sealUnsealArea } from "./areas/seal-unseal";
import { sizeArea } from "./areas/size";
import { storesArea } from "./areas/stores";
import { tokensArea } from "./areas/tokens";
import { updateArea } from "./areas/update";
import { useSessionArea } from "./areas/use-session";
import type { ConformanceHandler } from "./context";
import { CookieJar } from "./jar";
import { type Area, commonRoutes, type Kit, makeConfigs, type Route, randomSecret } from "./kit";

/** Every API area, in the order the suite runs them. */
const AREAS: readonly Area[] = [
  useSessionArea,
  updateArea,
  clearArea,
  regenerateArea,
  commitArea,
  flashArea,
  expiryArea,
  tokensArea,
  headerClientsArea,
  sizeArea,
  errorResponsesArea,
  sealUnsealArea,
  isolationArea,
  storesArea,
  csrfArea,
];

/** An app under test: `fetch(path, init)` against it, and how to stop it. */
export interface ConformanceApp {
  fetch(path: string, init?: RequestInit): Promise<Response>;
  close?(): void | Promise<void>;
}

/** Builds an app with the adapter under test that calls `handler` for every request. */
export type ConformanceAppFactory = (
  handler: ConformanceHandler,
) => ConformanceApp | Promise<ConformanceApp>;

/** What differs between adapters. */
export interface ConformanceOptions {
  /** The session name the adapter uses when a config has none. @default "session" */
  defaultName?: string;
  /**
   * The adapter binds tokens to their cookie by default (`SECURE_DEFAULTS`):
   * the tokens the suite seals by hand carry the binding, as its own do.
   * @default false
   */
  bound?: boolean;
}

/**
 * Every session rule, end to end over HTTP with a cookie jar, against any
 * adapter (unstorage's `testDriver` is the model): an adapter's conformance
 * test is one call of this, the rest of its tests its framework's own.
 *
 * @example
 * ```ts
 * describeSessionConformance("h3 v2", (handler) => {
 *   const app = new H3().all("/**", (event) => handler(contextOf(event)));
 *   return { fetch: (path, init) => app.request(path, init) };
 * });
 * ```
 */
export function describeSessionConformance(
  name: string,
  factory: ConformanceAppFactory,
  options: ConformanceOptions = {},
): void {
  const sessionName = options.defaultName ?? "session";
  const secrets = { password: randomSecret(), oldPassword: randomSecret() };
  const errors: Array<{ code: string; source: string }> = [];
  const configs = makeConfigs(secrets, errors);
  const routes: Record<string, Route> = { ...commonRoutes };
  for (const area of AREAS) Object.assign(routes, area.routes);
  const handler: ConformanceHandler = async (ctx) => {
    const route = routes[ctx.url.pathname];
    if (!route) return { unknownRoute: ctx.url.pathname };
    const config = configs[ctx.url.searchParams.get("config") ?? "base"];
    if (!config) return { unknownConfig: ctx.url.searchParams.get("config") };
    return route(ctx, config, (ctx.body ?? {}) as Record<string, unknown>);
  };
  let app: ConformanceApp;

  const kit: Kit = {
    client: (jar = new CookieJar()) => ({
      jar,
      async request(path, init = {}) {
        const headers: Record<string, string> = { ...init.headers };
        if (jar.header()) headers.cookie = jar.header();
        if (init.body !== undefined) headers["content-type"] = "application/json";
        const response = await app.fetch(path, {
          method: init.method ?? (init.body === undefined ? "GET" : "POST"),
          headers,
          body: init.body === undefined ? undefined : JSON.stringify(init.body),
        });
        jar.take(response);
        return response;
      },
    }),
    json: async (response) => (await response.json()) as SessionData,
    cookiesOf: (response) =>
      response.headers
        .getSetCookie()
        .filter(
          (c) => c.startsWith(`${sessionName}=`) || new RegExp(`^${sessionName}\\.\\d+=`).test(c),
        ),
    record: (overrides = {}) => ({
      id: `crafted-${randomSecret().slice(0, 8)}`,
      createdAt: Date.now(),
      data: { crafted: true },
      ...overrides,
      // The binding is the record's last member (what bind checks).
      ...(options.bound ? { b: `${sessionName}\u0000` } : {}),
    }),
    errors,
    secrets,
    sessionName,
  };

  describe(`session conformance: ${name}`, () => {
    beforeAll(async () => {
      app = await factory(handler);
    });
    afterAll(async () => {
      await app?.close?.();
    });
    for (const area of AREAS) area.tests(kit);
  });
}
