/**
 * @module `useSession` and `openSession`: the session manager (`id`, `data`,
 * `update`, `clear`, `regenerate`, `commit`, `flash`) over the request's
 * session state.
 */
import { StoreUnavailableError } from "../errors";
import { clearState, updateState } from "./commit";
import type { ResolvedSessionConfig, SessionConfig } from "./config";
import { csrfTokenOf, verifyCsrfOf } from "./csrf";
import { loadSession } from "./open";
import type { SessionExchange } from "./port";
import type { SessionData } from "./record";

export type { SessionManager } from "./session-manager";

import { report } from "./report";
import { resolveFor } from "./request-config";
import { revokeLoaded } from "./revocation-check";
import type { SessionManager } from "./session-manager";
import { persist } from "./stage";
import { enqueue, exposeData, fresh, SessionState, type SessionUpdate, untouched } from "./state";

/**
 * Loads (or starts) the session and returns its manager. A new session is
 * sealed into `Set-Cookie` at once, unless `lazy`.
 */
export async function useSession<T extends SessionData = SessionData>(
  exchange: SessionExchange,
  config: SessionConfig<T>,
): Promise<SessionManager<T>> {
  // The config resolved once, the session loaded once.
  const c = resolveFor(exchange, config);
  const state = await loadSession(exchange, c);
  const manager = new Handle<T>(exchange, config, c, state);
  if (state.isNew && !state.cleared && !c.lazy && !exchange.readOnly) {
    // An empty new session the store cannot take now is no reason to fail the
    // request: onError hears of it, and the app's own writes still throw.
    const write = () =>
      persist(exchange, c, state, {}).catch((error: unknown) => ignoreStoreDown(c, state, error));
    await enqueue(state, () => (state.isNew && !state.cleared ? write() : undefined));
  }
  return manager;
}

function ignoreStoreDown(c: ResolvedSessionConfig, state: SessionState, error: unknown): void {
  if (!(error instanceof StoreUnavailableError)) throw error;
  report(c, state, error);
}

/**
 * Loads (or starts) the session and returns its manager without sealing a
 * new session yet: for middleware that calls `commit()` when the response is
 * about to be sent (which then writes a new, non-lazy session once, whatever
 * the handler did to it).
 */
export async function openSession<T extends SessionData = SessionData>(
  exchange: SessionExchange,
  config: SessionConfig<T>,
): Promise<SessionManager<T>> {
  return openSessionNow(exchange, config);
}

/**
 * `openSession`, giving the manager itself when the session opens without
 * awaiting (no cookie, or one this process sealed or read before, and no
 * store, revocation, telemetry or schema): middleware then goes on at once.
 */
export function openSessionNow<T extends SessionData = SessionData>(
  exchange: SessionExchange,
  config: SessionConfig<T>,
): SessionManager<T> | Promise<SessionManager<T>> {
  const c = resolveFor(exchange, config);
  const state = loadSession(exchange, c);
  return state instanceof SessionState
    ? new Handle<T>(exchange, config, c, state)
    : state.then((loaded) => new Handle<T>(exchange, config, c, loaded));
}

// A class, not an object literal: a literal's getters are new closures per
// request, and V8 gives each such object its own hidden class (allocated in
// old space, collected only by a full GC). `id` and `data` are nevertheless
// the instance's own enumerable properties, as on h3's session object, so
// `JSON.stringify`, spreading, `Object.keys` and `structuredClone` see them:
// accessors defined with the same getter functions on every instance, which
// V8 keeps on one shared hidden class.
const INSPECT = Symbol.for("nodejs.util.inspect.custom");
let ID: PropertyDescriptor;
let DATA: PropertyDescriptor;

class Handle<T extends SessionData> implements SessionManager<T> {
  readonly #exchange: SessionExchange;
  readonly #config: SessionConfig<T>;
  readonly #c: ResolvedSessionConfig;
  readonly #state: SessionState;
  declare readonly id: string;
  declare readonly data: T;

  static {
    ID = {
      enumerable: true,
      get(this: Handle<SessionData>) {
        return this.#state.session.id;
      },
    };
    DATA = {
      enumerable: true,
      get(this: Handle<SessionData>) {
        return exposeData(this.#state).data;
      },
    };
  }

  constructor(
    exchange: SessionExchange,
    config: SessionConfig<T>,
    c: ResolvedSessionConfig,
    state: SessionState,
  ) {
    this.#exchange = exchange;
    this.#config = config;
    this.#c = c;
    this.#state = state;
    // One call per property: about twice as fast as `defineProperties`.
    Object.defineProperty(this, "id", ID);
    Object.defineProperty(this, "data", DATA);
  }

  // Not enumerable, as h3's object has no `createdAt`: its JSON stays `{ id, data }`.
  get createdAt(): number {
    return this.#state.session.createdAt;
  }

  /** `console.log(session)` in Node, Bun and Deno: the values, not `[Getter]`. */
  [INSPECT](): object {
    return { id: this.id, createdAt: this.createdAt, data: this.data };
  }

  async update(update?: SessionUpdate<T>): Promise<this> {
    await enqueue(this.#state, () =>
      updateState(this.#exchange, this.#c, this.#state, update as SessionUpdate),
    );
    return this;
  }

  async clear(): Promise<this> {
    await enqueue(this.#state, () => clearState(this.#exchange, this.#c, this.#state));
    return this;
  }

  async regenerate(): Promise<this> {
    const { id, createdAt } = fresh(this.#config);
    const state = this.#state;
    await enqueue(state, async () => {
      await persist(this.#exchange, this.#c, state, { id, createdAt, lastSeenAt: undefined });
      const dropped = state.loadedId;
      state.loadedId = undefined;
      if (dropped !== undefined) await revokeLoaded(this.#c, state, dropped);
    });
    return this;
  }

  commit(): Promise<boolean> {
    return enqueue(this.#state, async () => {
      if (this.#untouched()) return false;
      await updateState(this.#exchange, this.#c, this.#state, undefined);
      return true;
    });
  }

  /** `commit()`, or `undefined` at once when no write is queued and nothing changed (no promise, no queue). */
  static commitIfChanged(handle: Handle<SessionData>): Promise<boolean> | undefined {
    return handle.#state.inflight === 0 && handle.#untouched() ? undefined : handle.commit();
  }

  #untouched(): boolean {
    return untouched(this.#state, this.#c);
  }

  csrfToken(): Promise<string> {
    return csrfTokenOf(this.#exchange, this.#c, this.#state);
  }

  verifyCsrf(token?: string | null): Promise<void> {
    return verifyCsrfOf(this.#exchange, this.#c, this.#state, token);
  }

  async flash(key: string, value: unknown): Promise<this> {
    const state = this.#state;
    await enqueue(state, () =>
      persist(this.#exchange, this.#c, state, { flash: { ...state.session.flash, [key]: value } }),
    );
    return this;
  }

  consumeFlash<V = unknown>(key: string): Promise<V | undefined> {
    const state = this.#state;
    return enqueue(state, async () => {
      const flash = state.session.flash;
      if (!flash || !Object.hasOwn(flash, key)) return undefined;
      const { [key]: value, ...rest } = flash;
      await persist(this.#exchange, this.#c, state, { flash: rest });
      return value as V;
    });
  }
}

/**
 * What a middleware calls once the handler is done: `manager.commit()`, or
 * `undefined` synchronously when nothing changed and no write is queued — a
 * read that changed nothing then costs no promise, and a Node response need
 * not be held for it.
 */
export function commitIfChanged(manager: SessionManager): Promise<boolean> | undefined {
  return manager instanceof Handle
    ? Handle.commitIfChanged(manager as Handle<SessionData>)
    : manager.commit();
}
