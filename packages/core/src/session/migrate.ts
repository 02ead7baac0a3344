/**
 * @module Migration: a session another library sealed (`migrateFrom`), read
 * when the request has no session of ours, and rewritten in ours in the same
 * response, its old cookies expired — switching libraries logs no one out.
 */
import { expireChunkedCookie } from "../cookie/chunked";
import { OptionsInvalidError, SessionLegacyError } from "../errors";
import type {
  MigratedCookie,
  MigrationReader,
  ResolvedSessionConfig,
  SessionConfig,
  SessionMigration,
} from "./config";
import { ironSessionReader } from "./iron-session";
import { TOKEN_NAME } from "./names";
import type { SessionExchange } from "./port";
import { reactRouterReader, reactRouterSecrets } from "./react-router";
import { copyData, type SessionData, validateData } from "./record";
import { report } from "./report";
import { persist } from "./stage";
import { fresh, type SessionState } from "./state";
import { kitCookieReader, kitSecrets } from "./svelte-kit-cookie-session";
import { emit } from "./telemetry";

/** `config.migrateFrom` checked and resolved, at start-up. */
export function resolveMigrations(config: SessionConfig, name: string): readonly MigrationReader[] {
  const list = config.migrateFrom;
  if (list === undefined) return [];
  if (!Array.isArray(list))
    throw new OptionsInvalidError(
      'migrateFrom is a list of sources, such as [{ from: "iron-session" }].',
    );
  if (list.length > 0 && config.cookie === false)
    throw new OptionsInvalidError(
      "migrateFrom reads old cookies and reseals them in the session cookie, which cookie: false turns off. Remove one of them.",
    );
  return list.map((source: SessionMigration) => ({
    from: source?.from,
    read: readerOf(source, config, name),
  }));
}

// The reader of one source, its options checked.
function readerOf(source: SessionMigration, config: SessionConfig, name: string) {
  const from = source?.from;
  if (typeof from !== "string" || !Object.hasOwn(DEFAULT_NAMES, from))
    throw new OptionsInvalidError(
      `migrateFrom: unknown source ${JSON.stringify(from)}; the sources read are ${SOURCES}.`,
    );
  const cookieName = source.cookieName ?? DEFAULT_NAMES[from] ?? name;
  if (!TOKEN_NAME.test(cookieName))
    throw new OptionsInvalidError(`migrateFrom: invalid cookieName "${cookieName}".`);
  if (from === "iron-session")
    return ironSessionReader(cookieName, source.password ?? config.password, config.seal);
  if (from === "svelte-kit-cookie-session")
    return kitCookieReader(cookieName, kitSecrets(source.secret));
  return reactRouterReader(cookieName, reactRouterSecrets(source.secrets));
}

/**
 * Offers the request's cookies to each migration in turn; the first that
 * finds its cookie gives the session its data, and the session is written as
 * ours now (unless the exchange is read-only: then on a later request). A
 * refused old cookie is reported as ours would be. Resolves to whether a
 * session was taken over; `undefined` (no await) when no reader had a cookie.
 */
export function migrate(
  exchange: SessionExchange,
  c: ResolvedSessionConfig,
  state: SessionState,
): Promise<boolean> | undefined {
  const header = exchange.getRequestHeader("cookie");
  if (!header) return undefined;
  for (const reader of c.migrations) {
    const found = reader.read(header);
    if (!found) continue;
    return found.then((cookie) => {
      // An authentic old cookie past acceptLegacyUntil: retired, refused.
      if (Date.now() > c.legacyUntilMs) throw new SessionLegacyError(reader.from);
      return takeOver(exchange, c, state, reader, cookie);
    });
  }
  return undefined;
}

async function takeOver(
  exchange: SessionExchange,
  c: ResolvedSessionConfig,
  state: SessionState,
  reader: MigrationReader,
  cookie: MigratedCookie,
): Promise<boolean> {
  const started = c.source.telemetry ? performance.now() : 0;
  const data = await validateData(c, copyData(cookie.data as SessionData));
  const session = fresh(c.source);
  session.data = data;
  state.session = session;
  state.source = "cookie";
  state.isNew = true;
  state.snapshot = "";
  if (c.source.telemetry)
    emit(c, {
      type: "read",
      name: c.name,
      source: "cookie",
      passwordId: cookie.passwordId,
      reseal: "migrated",
      from: reader.from,
      format: reader.from,
      bytes: cookie.bytes,
      durationMs: performance.now() - started,
    });
  if (exchange.readOnly) return true;
  // The old cookies go: chunks of our name in our own write, others on their own.
  const chunk = new RegExp(`^${escapeRegExp(c.name)}\\.(\\d{1,3})$`);
  const ours = new Set(state.requestChunks);
  for (const name of cookie.cookies) {
    const n = chunk.exec(name)?.[1];
    if (n !== undefined) ours.add(Number(n));
    else if (name !== c.name && c.cookie)
      exchange.stage(name, expireChunkedCookie(name, c.cookie, []));
  }
  state.requestChunks = [...ours].sort((a, b) => a - b);
  state.resealing = "migrated";
  try {
    await persist(exchange, c, state, {});
  } catch (error) {
    report(c, state, error);
  } finally {
    state.resealing = undefined;
  }
  return true;
}

// Each source, and its own default cookie name (iron-session's is the session's).
const DEFAULT_NAMES: Record<SessionMigration["from"], string | undefined> = {
  "iron-session": undefined,
  "react-router": "__session",
  "svelte-kit-cookie-session": "kit.session",
};

const SOURCES = Object.keys(DEFAULT_NAMES)
  .map((source) => `"${source}"`)
  .join(", ");

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
