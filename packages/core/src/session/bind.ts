/**
 * @module `bindSessionFunctions`: Nitro's six session functions for a
 * framework, given how to build the exchange from its request arguments.
 */
import type { SessionConfig } from "./config";
import { clearSession, getSession, sealSession, unsealSession, updateSession } from "./functions";
import { type SessionManager, useSession } from "./manager";
import type { SessionExchange } from "./port";
import type { Session, SessionData } from "./record";
import type { SessionUpdate } from "./state";

/**
 * The session functions Nitro documents, taking a framework's request
 * arguments `A` (h3's `[event]`, Hono's `[c]`, Express's `[req, res]`)
 * before the config. `D` is the data type when a call names none.
 */
export interface SessionFunctions<
  A extends readonly unknown[],
  D extends SessionData = SessionData,
> {
  /** Loads (or starts) the session and returns its manager; a new session is sealed into `Set-Cookie` at once, unless `lazy`. */
  useSession<T extends SessionData = D>(
    ...args: [...A, config: SessionConfig<T>]
  ): Promise<SessionManager<T>>;
  /** This request's session record, loaded once. */
  getSession<T extends SessionData = D>(
    ...args: [...A, config: SessionConfig<T>]
  ): Promise<Session<T>>;
  /** Merges `update` into the session data and reseals it. */
  updateSession<T extends SessionData = D>(
    ...args: [...A, config: SessionConfig<T>, update?: SessionUpdate<T>]
  ): Promise<Session<T>>;
  /** Expires the session cookie and its chunks. */
  clearSession(...args: [...A, config: SessionConfig]): Promise<void>;
  /** Seals this request's session into a token, staging nothing. */
  sealSession(...args: [...A, config: SessionConfig]): Promise<string>;
  /** Unseals a token into a checked session record; throws its typed reason. */
  unsealSession<T extends SessionData = D>(
    ...args: [...A, config: SessionConfig<T>, sealed: string]
  ): Promise<Session<T>>;
}

/**
 * The Nitro session functions for a framework, given how to build the
 * exchange from its request arguments: what an adapter exports. The request
 * arguments are the first `exchangeOf.length` arguments of each function.
 *
 * @example
 * ```ts
 * export const { useSession, getSession, updateSession, clearSession, sealSession, unsealSession } =
 *   bindSessionFunctions((event: MyEvent) => exchangeOf(event));
 * ```
 */
export function bindSessionFunctions<
  A extends readonly unknown[],
  D extends SessionData = SessionData,
>(exchangeOf: (...args: A) => SessionExchange): SessionFunctions<A, D> {
  const arity = exchangeOf.length;
  // The exchange of the request arguments, and the arguments after them.
  const split = (args: readonly unknown[]): [SessionExchange, ...unknown[]] => [
    exchangeOf(...(args.slice(0, arity) as unknown as A)),
    ...args.slice(arity),
  ];
  const call =
    <R>(fn: (exchange: SessionExchange, ...rest: never[]) => R) =>
    (...args: readonly unknown[]): R =>
      fn(...(split(args) as [SessionExchange, ...never[]]));
  return {
    useSession: call(useSession),
    getSession: call(getSession),
    updateSession: call(updateSession),
    clearSession: call(clearSession),
    sealSession: call(sealSession),
    unsealSession: call(unsealSession),
  } as SessionFunctions<A, D>;
}
