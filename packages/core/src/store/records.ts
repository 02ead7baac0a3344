/**
 * @module The records of store mode: a session per id (with its version) and,
 * per user, an entry per session for the device list — written, read back
 * and checked, and deleted together.
 */
import { SessionConflictError, SessionInvalidError } from "../errors";
import { idSegment } from "./keys";
import type { TimedStore } from "./timed";

/** A session as the store keeps it (the cookie only names it). */
export interface StoredSession {
  readonly data: Record<string, unknown>;
  readonly flash?: Record<string, unknown>;
  /** In milliseconds since the epoch. */
  readonly createdAt: number;
  /** In milliseconds since the epoch. */
  readonly lastSeenAt?: number;
  /** The key segment of the session's user (`userKey`), for the device list. */
  readonly user?: string;
  /** Bumped by every write: what a write checks to see that nothing changed under it. */
  readonly version: number;
}

/** One session of a user, as `list(user)` gives it ("your devices"). */
export interface StoredSessionSummary {
  readonly id: string;
  /** In milliseconds since the epoch. */
  readonly createdAt: number;
  /** In milliseconds since the epoch, when last written. */
  readonly lastSeenAt: number | undefined;
  /** When the store forgets it, in milliseconds since the epoch. */
  readonly expiresAt: number;
}

/** A user's device-list entry for one session. */
type Entry = { createdAt: number; lastSeenAt: number | undefined; expiresAt: number };

// The store's key space: a record per session id, and per user an entry per session.
export class Records {
  constructor(
    private readonly store: TimedStore,
    private readonly space: string,
  ) {}

  recordKey(id: string): string {
    return `${this.space}:session:${idSegment(id)}`;
  }

  userBase(user: string): string {
    return `${this.space}:user:${user}:`;
  }

  async load(id: string, now: number): Promise<StoredSession | undefined> {
    return checkedRecord(await this.store.get<unknown>(this.recordKey(id), now));
  }

  async save(
    id: string,
    session: Omit<StoredSession, "version">,
    expected: number,
    expiresAt: number,
    previousUser: string | undefined,
  ): Promise<number> {
    const now = Date.now();
    const version = expected + 1;
    const record = { ...session, version };
    if (!(await this.store.setIfVersion(this.recordKey(id), expected, record, expiresAt, now)))
      throw new SessionConflictError(1);
    if (previousUser !== undefined && previousUser !== session.user)
      await this.store.remove(`${this.userBase(previousUser)}${idSegment(id)}`);
    if (session.user !== undefined) {
      const entry: Entry = {
        createdAt: session.createdAt,
        lastSeenAt: session.lastSeenAt,
        expiresAt,
      };
      await this.store.set(`${this.userBase(session.user)}${idSegment(id)}`, entry, expiresAt, now);
    }
    return version;
  }

  async remove(id: string): Promise<void> {
    const current = await this.load(id, Date.now()).catch(() => undefined);
    await this.drop(id, current?.user);
  }

  /** Deletes session `id`'s record and its entry in `user`'s list. */
  async drop(id: string, user: string | undefined): Promise<void> {
    await this.store.remove(this.recordKey(id));
    if (user !== undefined) await this.store.remove(`${this.userBase(user)}${idSegment(id)}`);
  }

  // A device entry whose record is gone (removed by another server mid-write) is left out, and dropped.
  async summaries(user: string, now: number): Promise<StoredSessionSummary[]> {
    const base = this.userBase(user);
    const found: StoredSessionSummary[] = [];
    for (const key of await this.store.keys(base)) {
      const entry = await this.store.get<Entry>(key, now);
      const id = unescapeId(key.slice(base.length));
      if (!entry || id === undefined) continue;
      const record = await this.load(id, now).catch(() => undefined);
      if (record?.user !== user) {
        await this.store.remove(key).catch(() => {});
        continue;
      }
      const { createdAt, lastSeenAt, expiresAt } = entry;
      found.push({ id, createdAt, lastSeenAt, expiresAt });
    }
    return found.sort((a, b) => a.createdAt - b.createdAt);
  }
}

// What a store read gives, checked: a session record or `undefined`; anything else is `SessionInvalidError`.
function checkedRecord(value: unknown): StoredSession | undefined {
  if (value === undefined || value === null) return undefined;
  const record = value as Partial<StoredSession>;
  const valid =
    typeof value === "object" &&
    isObject(record.data) &&
    (record.flash === undefined || isObject(record.flash)) &&
    typeof record.createdAt === "number" &&
    Number.isFinite(record.createdAt) &&
    (record.lastSeenAt === undefined || typeof record.lastSeenAt === "number") &&
    (record.user === undefined || typeof record.user === "string") &&
    typeof record.version === "number" &&
    Number.isSafeInteger(record.version) &&
    record.version >= 1;
  if (!valid) throw new SessionInvalidError("The store holds no session record under this id.");
  return record as StoredSession;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// The id a device-list key segment names (see idSegment), or `undefined` for one not written by idSegment.
function unescapeId(segment: string): string | undefined {
  if (!/^(?:[A-Za-z0-9_-]|\.[0-9a-f]{4})*$/.test(segment)) return undefined;
  return segment.replace(/\.([0-9a-f]{4})/g, (_, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
}
