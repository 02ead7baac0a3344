/**
 * @module Passwords in every shape iron and iron-session take (a string, bytes,
 * `{ id, secret }`, a rotation map, a keyring), turned into one: a set of
 * secret pairs by id.
 */
import { PasswordInvalidError, PasswordMissingError, SealUnknownKeyError } from "../errors";
import { isKeyring, parseKeyring } from "./keyring";
import { Lru } from "./lru";

/**
 * A secret: a string of at least 32 characters, or raw key bytes (32 for
 * AES-256). A string of `id:secret` entries with numeric ids, separated by
 * commas (`"3:…,2:…"`, newest first), is a keyring: a rotation map.
 */
export type Secret = string | Uint8Array;

/**
 * What seals and unseals tokens.
 *
 * - a `Secret`: seals with no password id; unseals a token of any id;
 * - `{ id, secret }`: seals with `id`; unseals tokens of that id;
 * - `{ id?, encryption, integrity }`: iron's form, a different secret per key;
 * - a rotation map `{ [id]: secret | { secret } | { encryption, integrity } }` (iron's hash): every id
 *   unseals; the highest numeric id seals, or the one named by `passwordId`
 *   (a map of non-numeric ids without it only unseals). A token without an
 *   id is looked up under `default`, as in iron.
 *
 * Ids match `^\w+$`.
 *
 * @example
 * ```ts
 * const password = { 2: env.SESSION_PASSWORD_2, 1: env.SESSION_PASSWORD_1 };
 * ```
 */
export type Password =
  | Secret
  | { id: string | number; secret: Secret }
  | { id?: string | number; encryption: Secret; integrity: Secret }
  | {
      readonly [id: string]:
        | Secret
        | { readonly id?: string | number; readonly secret: Secret }
        | {
            readonly id?: string | number;
            readonly encryption: Secret;
            readonly integrity: Secret;
          };
    };

/** The two secrets behind one password id. */
export interface SecretPair {
  readonly encryption: Secret;
  readonly integrity: Secret;
}

/** A password in the one shape the sealing code works with. */
export interface PasswordSet {
  /** The id written into sealed tokens (`""` for a bare secret). */
  readonly sealId: string;
  /**
   * The secrets that seal; `undefined` for a map whose sealing id cannot be
   * told (non-numeric ids, no `passwordId`): it still unseals, as in iron.
   */
  readonly sealWith: SecretPair | undefined;
  /** Every secret pair of the password, to check them all up front. */
  readonly all: readonly SecretPair[];
  /** The password ids of a map (empty for a single secret). */
  readonly ids: readonly string[];
  /** Finds the secrets for a token's password id; throws `SealUnknownKeyError`. */
  find(tokenId: string): SecretPair;
}

const ID = /^\w+$/;
const cache = new WeakMap<object, Map<string | undefined, PasswordSet>>();

/**
 * Validates `password` and turns it into a `PasswordSet`. Object passwords are
 * normalized once and remembered (they are configuration, not per request).
 */
export function toPasswordSet(password: Password, passwordId?: string): PasswordSet {
  if (typeof password === "string" || password instanceof Uint8Array) {
    if (password.length === 0) throw new PasswordMissingError();
    if (typeof password === "string" && isKeyring(password))
      return keyringSet(password, passwordId);
    return singleSet(password, password);
  }
  if (password === null || typeof password !== "object") {
    throw password === undefined || password === null
      ? new PasswordMissingError()
      : new PasswordInvalidError(
          `A password must be a string, a Uint8Array or an object, not ${typeof password}.`,
        );
  }
  let byId = cache.get(password);
  let set = byId?.get(passwordId);
  if (!set) {
    set = build(password, passwordId);
    if (!byId) cache.set(password, (byId = new Map()));
    byId.set(passwordId, set);
  }
  return set;
}

// Keyrings are strings, so they are remembered by value (a few per process).
const keyrings = new Lru<string, PasswordSet>(16);

function keyringSet(text: string, passwordId: string | undefined): PasswordSet {
  const key = `${passwordId ?? ""}\u0000${text}`;
  let set = keyrings.get(key);
  if (!set) keyrings.set(key, (set = build(parseKeyring(text), passwordId)));
  return set;
}

function build(password: Exclude<Password, Secret>, passwordId: string | undefined): PasswordSet {
  const map = new Map<string, SecretPair>();
  if ("secret" in password || ("encryption" in password && "integrity" in password)) {
    const single = password as {
      id?: string | number;
      secret?: Secret;
      encryption?: Secret;
      integrity?: Secret;
    };
    const id = single.id === undefined ? "" : String(single.id);
    const pair =
      single.secret !== undefined
        ? pairOf(single.secret, single.secret)
        : pairOf(single.encryption, single.integrity);
    if (id === "") return singleSet(pair.encryption, pair.integrity);
    map.set(checkId(id), pair);
  } else {
    // Entries as iron takes them: a secret, `{ encryption, integrity }`, or
    // `{ id?, secret }` (the map's key is the id; an inner `id` is ignored).
    for (const [id, entry] of Object.entries(password)) {
      const pair = isPair(entry)
        ? pairOf(entry.encryption, entry.integrity)
        : isSecretEntry(entry)
          ? pairOf(entry.secret, entry.secret)
          : pairOf(entry, entry);
      map.set(checkId(id), pair);
    }
  }
  if (map.size === 0) throw new PasswordMissingError("The password rotation map is empty.");
  const sealId = passwordId ?? newestId([...map.keys()]);
  const sealWith = sealId === undefined ? undefined : map.get(sealId);
  if (sealId !== undefined && !sealWith) {
    throw new PasswordInvalidError(
      `The password id "${sealId}" chosen to seal is not among the passwords (${[...map.keys()].join(", ")}).`,
    );
  }
  return {
    sealId: sealId ?? "",
    sealWith,
    all: [...map.values()],
    ids: [...map.keys()],
    find(tokenId) {
      const pair = map.get(tokenId || "default");
      if (!pair) throw new SealUnknownKeyError();
      return pair;
    },
  };
}

function pairOf(encryption: unknown, integrity: unknown): SecretPair {
  for (const secret of [encryption, integrity]) {
    if (
      typeof secret === "string"
        ? secret.length === 0
        : !(secret instanceof Uint8Array) || secret.length === 0
    ) {
      throw secret === undefined || secret === ""
        ? new PasswordMissingError()
        : new PasswordInvalidError("Each secret must be a non-empty string or Uint8Array.");
    }
  }
  return { encryption: encryption as Secret, integrity: integrity as Secret };
}

/**
 * The secrets that seal with `set`; throws `PasswordInvalidError` for a map
 * whose sealing id cannot be told (only sealing needs it).
 */
export function sealingSecrets(set: PasswordSet): SecretPair {
  if (set.sealWith) return set.sealWith;
  throw new PasswordInvalidError(
    `Cannot tell which password seals among ids ${set.ids.join(", ")}: use numeric ids (the highest seals) or pass the passwordId option.`,
  );
}

function singleSet(encryption: Secret, integrity: Secret): PasswordSet {
  const pair = { encryption, integrity };
  return { sealId: "", sealWith: pair, all: [pair], ids: [], find: () => pair };
}

function isSecretEntry(value: unknown): value is { secret: unknown } {
  return (
    typeof value === "object" &&
    value !== null &&
    !(value instanceof Uint8Array) &&
    "secret" in value
  );
}

function isPair(value: unknown): value is { encryption: unknown; integrity: unknown } {
  return (
    typeof value === "object" &&
    value !== null &&
    !(value instanceof Uint8Array) &&
    "encryption" in value &&
    "integrity" in value
  );
}

function checkId(id: string): string {
  if (!ID.test(id))
    throw new PasswordInvalidError(
      `Invalid password id "${id}": ids may only contain letters, digits and "_".`,
    );
  return id;
}

// The highest numeric id seals (iron-session's convention). Non-numeric ids
// (such as iron's "default") only unseal, unless one is all there is:
// `undefined` when it cannot be told.
function newestId(ids: string[]): string | undefined {
  const numeric = ids.filter((id) => /^\d+$/.test(id)).sort((a, b) => Number(b) - Number(a));
  return numeric[0] ?? (ids.length === 1 ? ids[0] : undefined);
}
