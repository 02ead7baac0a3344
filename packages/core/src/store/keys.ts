/**
 * @module Store keys: the key spaces of a store and a revocation list under one
 * prefix, and user keys escaped into them.
 */
import { OptionsInvalidError } from "../errors";

/** A user as `userKey` gives it and `list`/`removeAll`/`revokeAll` take it: a string or a finite number. */
export type UserKey = string | number;

/** The longest user key, in UTF-16 code units. */
export const MAX_USER_KEY = 512;

/**
 * The store-key segment of a user. Strings and numbers stay apart (`42` is
 * not `"42"`), and every character but `[A-Za-z0-9_-]` is escaped, so no
 * user can name a path segment (`.`, `..`), a separator (`:`, `/`) or
 * another user's prefix, and a lone surrogate is written like any other
 * code unit. Throws `OptionsInvalidError` for `""`, a non-finite number, an
 * over-long key, or anything else (`null`, an object): a call like
 * `removeAll("")` must never reach every user.
 */
export function userSegment(user: unknown, where: string): string {
  if (typeof user === "number") {
    if (!Number.isFinite(user))
      throw new OptionsInvalidError(
        `${where}: a user key must be a finite number or a string, not ${user}.`,
      );
    return `n${escapeKey(String(user))}`;
  }
  if (typeof user !== "string") {
    throw new OptionsInvalidError(
      `${where}: a user key must be a non-empty string or a number, not ${user === null ? "null" : typeof user}.`,
    );
  }
  if (user === "")
    throw new OptionsInvalidError(
      `${where}: the user key is empty; an empty key would name no user (or every user).`,
    );
  if (user.length > MAX_USER_KEY) {
    throw new OptionsInvalidError(
      `${where}: a user key is at most ${MAX_USER_KEY} characters, not ${user.length}; use the user's id.`,
    );
  }
  return `s${escapeKey(user)}`;
}

/**
 * The user of a session's data (`userKey(data)`): `undefined` when it names
 * none (`undefined`, `null` or `""`); otherwise checked as `userSegment` does.
 */
export function sessionUser(user: unknown): string | undefined {
  return user === undefined || user === null || user === ""
    ? undefined
    : userSegment(user, "userKey");
}

/** The store-key segment of a session id (any string a token can carry). */
export function idSegment(id: string): string {
  return escapeKey(id);
}

// Keeps [A-Za-z0-9_-]; writes every other UTF-16 code unit as `.` and four
// hex digits. Injective, and every output is a safe unstorage key segment.
function escapeKey(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    out += SAFE.test(text[i] as string) ? text[i] : `.${code.toString(16).padStart(4, "0")}`;
  }
  return out;
}

const SAFE = /^[A-Za-z0-9_-]$/;

/**
 * The key space of a store or revocation list: `<prefix>:<kind>`, so a store
 * and a revocation list given the same prefix (or none) never share a key.
 * Throws `OptionsInvalidError` for a prefix unstorage would rewrite.
 */
export function namespaceOf(prefix: string | undefined, kind: "store" | "revoked"): string {
  const base = prefix ?? "sealed-session";
  if (typeof base !== "string" || !/^[\w-]+(?::[\w-]+)*$/.test(base)) {
    throw new OptionsInvalidError(
      `prefix must be key segments of letters, digits, "_" and "-", separated by ":" (such as "myapp:sessions"), not ${JSON.stringify(base)}.`,
    );
  }
  return `${base}:${kind}`;
}
