// What every area shares: the context an adapter gives for a request, the
// configs, the routes several areas request, and the helpers of their tests.
import type {
  SealedSessionError,
  SessionConfig,
  SessionData,
  SessionManager,
  StandardSchemaV1,
} from "@sealed-session/core";
import { createRevocation, createSessionStore, isSealedSessionError } from "@sealed-session/core";
import type { ConformanceContext } from "./context";
import type { CookieJar } from "./jar";

/** A route of the suite: what the app does for one path, with the config `?config=` picked. */
export type Route = (
  ctx: ConformanceContext,
  config: SessionConfig,
  body: Record<string, unknown>,
) => Promise<unknown>;

/** A client with its own cookie jar. */
export interface Client {
  readonly jar: CookieJar;
  request(
    path: string,
    init?: { method?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<Response>;
}

/** What an area's tests get. */
export interface Kit {
  /** A client (with a fresh jar unless given one). */
  client(jar?: CookieJar): Client;
  /** The response's JSON body (loosely typed, as session data is). */
  json(response: Response): Promise<SessionData>;
  /** The response's `Set-Cookie` values of the default session (main cookie and chunks). */
  cookiesOf(response: Response): string[];
  /** A session record to seal by hand. */
  record(overrides?: Record<string, unknown>): Record<string, unknown>;
  /** What `onError` saw, in order (tests clear it before they count). */
  readonly errors: Array<{ code: string; source: string }>;
  readonly secrets: Secrets;
  /** The adapter's default session name. */
  readonly sessionName: string;
}

/** One API area: the routes it requests and its tests. */
export interface Area {
  readonly routes: Readonly<Record<string, Route>>;
  readonly tests: (kit: Kit) => void;
}

/** Secrets of the suite (fresh per run). */
export interface Secrets {
  readonly password: string;
  readonly oldPassword: string;
}

/** The configs the areas use, by `?config=` name, all sharing one password and one `onError` log. */
export function makeConfigs(
  secrets: Secrets,
  errors: Array<{ code: string; source: string }>,
): Record<string, SessionConfig> {
  const onError = (error: SealedSessionError, context: { source: string }) =>
    errors.push({ code: error.code, source: context.source });
  const base = { password: secrets.password, onError };
  return {
    base,
    idle: { ...base, idleTimeout: 60 },
    maxAge: { ...base, maxAge: 60 },
    lazy: { ...base, lazy: true },
    strict: { ...base, legacySealFallback: false },
    rotation: { ...base, password: { 1: secrets.oldPassword, 2: secrets.password } },
    schema: { ...base, schema: countSchema },
    headerOnly: { ...base, cookie: false },
    small: { ...base, maxSize: 6000 },
    named: { ...base, name: "second" },
    // In this process's memory: each run of the suite gets its own.
    revocable: {
      ...base,
      revocation: createRevocation(),
      userKey: (data) => data.user as string | undefined,
    },
    stored: {
      ...base,
      store: createSessionStore(),
      userKey: (data) => data.user as string | undefined,
    },
  };
}

/** What a route answers for a manager. */
export const view = (s: SessionManager) => ({ id: s.id, createdAt: s.createdAt, data: s.data });

/** Routes several areas request. */
export const commonRoutes: Readonly<Record<string, Route>> = {
  "/use": async (ctx, config) => view(await ctx.useSession(config)),
  "/update": async (ctx, config, body) => view(await (await ctx.useSession(config)).update(body)),
  "/update-fn": async (ctx, config) =>
    view(
      await (await ctx.useSession(config)).update((data) => {
        data.count = (typeof data.count === "number" ? data.count : 0) + 1;
      }),
    ),
  "/try-update": async (ctx, config, body) => {
    try {
      return view(await (await ctx.useSession(config)).update(body));
    } catch (error) {
      if (!isSealedSessionError(error)) throw error;
      return { error: error.code };
    }
  },
  "/clear": async (ctx, config) => {
    await (await ctx.useSession(config)).clear();
    return { cleared: true };
  },
  "/seal": async (ctx, config) => ({ token: await ctx.sealSession(config) }),
  "/unseal": async (ctx, config, body) => {
    try {
      return await ctx.unsealSession(config, String(body.token));
    } catch (error) {
      return { error: isSealedSessionError(error) ? error.code : "unexpected" };
    }
  },
};

/** 32 random bytes, base64url: a password for one run. */
export function randomSecret(): string {
  let binary = "";
  for (const byte of crypto.getRandomValues(new Uint8Array(32)))
    binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replaceAll("=", "");
}

/** A minimal Standard Schema: `count`, when present, must be a number. */
const countSchema: StandardSchemaV1<unknown, Record<string, unknown>> = {
  "~standard": {
    version: 1,
    vendor: "sealed-session-conformance",
    validate: (value) => {
      const data = value as Record<string, unknown>;
      return data.count === undefined || typeof data.count === "number"
        ? { value: data }
        : { issues: [{ message: "count must be a number", path: ["count"] }] };
    },
  },
};
