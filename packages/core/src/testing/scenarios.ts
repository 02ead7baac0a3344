import { isSealedSessionError, type SealedSessionError } from "../errors";
import type { SessionConfig } from "../session/config";
import type { SessionUpdate } from "../session/engine";
import type { SessionManager } from "../session/manager";
import type { Session } from "../session/record";
import type { StandardSchemaV1 } from "../session/standard-schema";

/** What an adapter gives the suite for one request: the request, and the core's functions bound to it. */
export interface ConformanceContext {
  readonly method: string;
  readonly url: URL;
  /** The parsed JSON body of a POST, or `undefined`. */
  readonly body: unknown;
  useSession(config: SessionConfig): Promise<SessionManager>;
  getSession(config: SessionConfig): Promise<Session>;
  updateSession(config: SessionConfig, update?: SessionUpdate): Promise<Session>;
  clearSession(config: SessionConfig): Promise<void>;
  sealSession(config: SessionConfig): Promise<string>;
  unsealSession(config: SessionConfig, sealed: string): Promise<Session>;
}

/** The suite's request handler: the adapter's app calls it for every request and sends its result as JSON; a throw must become an error response. */
export type ConformanceHandler = (context: ConformanceContext) => Promise<unknown>;

/** The configs the scenarios use, all sharing one password and one `onError` log. */
export interface Configs {
  readonly base: SessionConfig;
  readonly idle: SessionConfig;
  readonly maxAge: SessionConfig;
  readonly lazy: SessionConfig;
  readonly strict: SessionConfig;
  readonly rotation: SessionConfig;
  readonly schema: SessionConfig;
  readonly headerOnly: SessionConfig;
  readonly small: SessionConfig;
  readonly named: SessionConfig;
}

/** Secrets of the suite (fresh per run). */
export interface Secrets {
  readonly password: string;
  readonly oldPassword: string;
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

export function makeConfigs(secrets: Secrets, errors: Array<{ code: string; source: string }>): Configs {
  const onError = (error: SealedSessionError, context: { source: string }) => errors.push({ code: error.code, source: context.source });
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
  };
}

/** Every route the suite requests, by path; `?config=<key>` picks the config. */
export function conformanceHandler(configs: Configs): ConformanceHandler {
  return async (ctx) => {
    const config = configs[(ctx.url.searchParams.get("config") ?? "base") as keyof Configs];
    const body = (ctx.body ?? {}) as Record<string, unknown>;
    const view = (s: SessionManager) => ({ id: s.id, createdAt: s.createdAt, data: s.data });
    switch (ctx.url.pathname) {
      case "/use":
        return view(await ctx.useSession(config));
      case "/get":
        return await ctx.getSession(config);
      case "/update":
        return view(await (await ctx.useSession(config)).update(body));
      case "/update-fn":
        return view(
          await (await ctx.useSession(config)).update((data) => {
            data.count = (typeof data.count === "number" ? data.count : 0) + 1;
          }),
        );
      case "/update-twice": {
        const session = await ctx.useSession(config);
        await session.update({ first: 1 });
        await session.update({ second: 2 });
        return view(session);
      }
      case "/update-concurrent": {
        const session = await ctx.useSession(config);
        await Promise.all([session.update({ a: 1 }), session.update({ b: 2 }), ctx.updateSession(config, { c: 3 })]);
        return view(session);
      }
      case "/concurrent": {
        const sessions = await Promise.all([1, 2, 3].map(() => ctx.useSession(config)));
        return sessions.map(view);
      }
      case "/clear":
        await (await ctx.useSession(config)).clear();
        return { cleared: true };
      case "/clear-update": {
        const session = await ctx.useSession(config);
        const before = session.id;
        await session.clear();
        await session.update({ fresh: true });
        return { before, ...view(session) };
      }
      case "/clear-session":
        await ctx.clearSession(config);
        return { cleared: true };
      case "/regenerate": {
        const session = await ctx.useSession(config);
        const before = session.id;
        await session.regenerate();
        return { before, ...view(session) };
      }
      case "/commit": {
        const session = await ctx.useSession(config);
        Object.assign(session.data, body);
        return { committed: await session.commit(), ...view(session) };
      }
      case "/flash":
        await (await ctx.useSession(config)).flash("notice", body.notice);
        return { ok: true };
      case "/consume-flash":
        return { notice: (await (await ctx.useSession(config)).consumeFlash("notice")) ?? null };
      case "/try-update":
        try {
          return view(await (await ctx.useSession(config)).update(body));
        } catch (error) {
          if (!isSealedSessionError(error)) throw error;
          return { error: error.code };
        }
      case "/throw-after-update":
        await (await ctx.useSession(config)).update(body);
        throw new Error("handler failed after update");
      case "/throw-after-clear":
        await (await ctx.useSession(config)).clear();
        throw new Error("handler failed after clear");
      case "/seal":
        return { token: await ctx.sealSession(config) };
      case "/unseal":
        try {
          return await ctx.unsealSession(config, String(body.token));
        } catch (error) {
          return { error: isSealedSessionError(error) ? error.code : "unexpected" };
        }
      default:
        return { unknownRoute: ctx.url.pathname };
    }
  };
}
