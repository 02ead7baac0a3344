/**
 * @module A session's state within one request: the live record (a new one
 * made lazily, its id too), the snapshot `commit()` compares against, the
 * queue its writes run in, and what store mode and revocation keep per request.
 */
import { OptionsInvalidError } from "../errors";
import { sameTree } from "../seal/json";
import { crypto } from "../seal/provider";
import type { ResolvedSessionConfig, SessionConfig } from "./config";
import type { ResealReason } from "./events";
import type { Session, SessionData } from "./record";
import { Slot } from "./slot";
import type { StoredState } from "./store-mode";

/** A patch to merge into the data, or a function that edits a copy of it (and may return a patch). */
export type SessionUpdate<T extends SessionData = SessionData> =
  | Partial<T>
  | ((data: T) => Partial<T> | undefined);

/** Per request and session name: the live record and what this response did with it. */
export class SessionState implements StoredState {
  #session: Session | undefined;
  /** Where the request's token came from, if anywhere. */
  source: "cookie" | "header" | undefined;
  /** Created in this request and not yet written. */
  isNew = true;
  /** The id of the session the request's token carried, until `clear()` or `regenerate()` drops it. */
  loadedId: string | undefined;
  cleared = false;
  /**
   * The session as JSON when last sealed or first handed out, for `commit()`
   * to compare with. `undefined` after a load until the data is first exposed
   * (`exposeData`), which then takes the decrypted text as it is: reading a
   * session costs no serialization until `commit()`.
   */
  snapshot: string | undefined = "";
  /** The decrypted text of the request's token (`JSON.stringify` of the loaded session). */
  sourceJson: string | undefined;
  /** `sourceJson` parsed and deep-frozen, when the token was remembered: compared without serializing. */
  pristine: Session | undefined;
  /** The pending load, shared by concurrent calls. */
  pending: Promise<void> | undefined;
  /** Writes run one after another, so none is lost and none resurrects a cleared session. */
  queue: Promise<unknown> = Promise.resolve();
  /** Writes queued and not yet settled: 0 means `queue` is idle. */
  inflight = 0;
  // Store mode (see store-mode.ts).
  version = 0;
  storedId: string | undefined;
  pointerJson: string | undefined;
  storedUser: string | undefined;
  /** Set while the token read is being resealed: the write event's reason. */
  resealing: ResealReason | undefined;
  /** With revocation: the user (key segment) the session's `generation` was stamped for. */
  stampedFor: string | undefined;

  constructor(
    private readonly config: SessionConfig,
    source: "cookie" | "header" | undefined,
    /**
     * The chunk cookies the request carried: a write or clear expires the ones
     * it no longer uses (a migration adds the old library's, `0` included).
     */
    public requestChunks: readonly number[],
  ) {
    this.source = source;
  }

  /**
   * The live record. A new one is made only when first needed (no token, a
   * refused one, or after `clear()`), and its id — `generateId` — only when
   * first read: never for a session a valid token brings, nor for one nobody
   * looks at.
   */
  get session(): Session {
    this.#session ??= fresh(this.config);
    return this.#session;
  }

  set session(session: Session) {
    this.#session = session;
  }

  /** Drops the record: the next use starts a new session. */
  renew(): void {
    this.#session = undefined;
  }
}

/** Per request (the exchange's key): its sessions by name. */
export const states = new Slot<Map<string, SessionState>>("sealed-session.states");

/**
 * Resolves once every session of the request keyed `key` has loaded and run
 * every write queued so far, including writes queued by those writes. Never
 * rejects: a failed write rejects the promise its caller holds.
 */
export async function settle(key: object): Promise<void> {
  const byName = states.get(key);
  if (!byName) return;
  for (;;) {
    const waits = [...byName.values()].map((state) => [state.pending, state.queue] as const);
    await Promise.all(waits.flat());
    const moved = [...byName.values()].some(
      (state, i) => state.pending !== undefined || state.queue !== waits[i]?.[1],
    );
    if (!moved && byName.size === waits.length) return;
  }
}

/** Runs `task` after every write already queued for this session (whether they failed or not). */
export function enqueue<R>(state: SessionState, task: () => R | Promise<R>): Promise<R> {
  state.inflight++;
  const run = state.queue.then(task, task);
  const settled = () => {
    state.inflight--;
  };
  state.queue = run.then(settled, settled);
  return run;
}

/** Takes the snapshot `commit()` compares against before the data can be changed in place. */
export function exposeData(state: SessionState): Session {
  state.snapshot ??= state.sourceJson ?? snapshotOf(state.session) ?? "";
  return state.session;
}

/**
 * The session as JSON: what `commit()` compares. `undefined` when it cannot
 * be written (a BigInt, a cycle, nesting too deep): it then counts as
 * changed, and the write throws the typed `SealDataError` before staging.
 */
export function snapshotOf(session: Session): string | undefined {
  try {
    return JSON.stringify(session);
  } catch {
    return undefined;
  }
}

/**
 * A new, empty session record. Its id is made (`generateId`) when first read
 * — by the app, or by the seal that writes it — so a session that is only
 * looked at, or cleared and left empty, costs no id (as in h3).
 */
export function fresh(config: SessionConfig): Session {
  const session = {} as Session;
  Object.defineProperty(session, "id", {
    enumerable: true,
    configurable: true,
    get(this: Session) {
      const id = config.generateId
        ? checkedId(config.generateId())
        : (config.crypto?.randomUUID() ?? crypto.randomUUID());
      fixId(this, id);
      return id;
    },
    set(this: Session, id: string) {
      fixId(this, id);
    },
  });
  session.createdAt = Date.now();
  session.data = {};
  return session;
}

// A session id from generateId: a string a token can carry. Anything else
// would lose every session silently, so it is a configuration error.
function checkedId(id: unknown): string {
  if (typeof id !== "string" || id === "") {
    throw new OptionsInvalidError(
      `generateId must return a non-empty string, not ${id === "" ? "an empty string" : typeof id}.`,
    );
  }
  return id;
}

// Replaces the lazy id by a plain value, in place (the key keeps its position: `id` stays first in JSON).
function fixId(session: Session, id: string): void {
  Object.defineProperty(session, "id", {
    value: id,
    writable: true,
    enumerable: true,
    configurable: true,
  });
}

/** Whether `commit()` has nothing to write for this state. */
export function untouched(state: SessionState, c: ResolvedSessionConfig): boolean {
  // Never handed out since it was loaded: it cannot have changed.
  if (state.snapshot === undefined) return true;
  const { session } = state;
  return state.isNew
    ? Object.keys(session.data).length === 0 &&
        session.flash === undefined &&
        (c.lazy || state.cleared)
    : // The token's own data, untouched: shown by walking it beside the
      // frozen tree it was copied from, else by serializing it.
      (state.pristine !== undefined &&
        state.snapshot === state.sourceJson &&
        sameTree(session, state.pristine)) ||
        snapshotOf(session) === state.snapshot;
}
