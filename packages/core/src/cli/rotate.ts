/**
 * @module `sealed-session rotate`: the next keyring of a password rotation — a
 * new id that seals, the older ones kept to unseal.
 */
import { encodeBase64Url } from "../seal/base64";
import { formatKeyring, isKeyring, parseKeyring } from "../seal/keyring";
import type { Password } from "../seal/password";

/** The next keyring and what to tell the operator about it. */
export interface Rotation {
  /** The keyring to deploy: a new secret under the next id, then the current entries (newest first). */
  readonly keyring: string;
  /** The id that seals once it is deployed. */
  readonly sealId: number;
  /** Ids that still unseal, and ids dropped by `keep`. */
  readonly kept: readonly string[];
  readonly dropped: readonly string[];
}

/**
 * Adds a fresh random secret under the next numeric id to `current` (a
 * password, a keyring or a rotation map of strings), keeping at most `keep`
 * entries in all (the oldest go first). A bare password becomes the
 * `default` entry, where tokens sealed without an id are looked up.
 */
export function rotate(current: Password, keep = Number.POSITIVE_INFINITY): Rotation {
  const map = entriesOf(current);
  const numeric = Object.keys(map)
    .filter((id) => /^\d+$/.test(id))
    .map(Number);
  const sealId = numeric.length === 0 ? 1 : Math.max(...numeric) + 1;
  const secret = encodeBase64Url(crypto.getRandomValues(new Uint8Array(32)));
  // Newest first; `default` (the bare password's) is the oldest of all.
  const ids = formatKeyring(map)
    .split(",")
    .map((entry) => entry.slice(0, entry.indexOf(":")));
  const kept = ids.slice(0, Math.max(0, keep - 1));
  const dropped = ids.slice(kept.length);
  const next: Record<string, string> = { [sealId]: secret };
  for (const id of kept) next[id] = map[id] as string;
  const keyring = formatKeyring(next);
  checkReadsBack(keyring, next);
  return { keyring, sealId, kept, dropped };
}

// The printed keyring must read back as exactly these entries: one misread as
// a bare password would log every session out on deploy.
function checkReadsBack(keyring: string, entries: Record<string, string>): void {
  for (const [id, secret] of Object.entries(entries)) {
    if (/[\s,;:]/.test(secret)) {
      throw new TypeError(
        `The secret of entry ${id} holds white space or one of ",;:", which a keyring cannot carry. Give the current passwords as a JSON map instead, or replace that secret.`,
      );
    }
  }
  const read = isKeyring(keyring) ? parseKeyring(keyring) : {};
  const same =
    Object.keys(read).length === Object.keys(entries).length &&
    Object.entries(entries).every(([id, secret]) => read[id] === secret);
  if (!same)
    throw new TypeError(
      "The new keyring would not read back as the entries it was made of; nothing was printed.",
    );
}

function entriesOf(current: Password): Record<string, string> {
  if (typeof current === "string")
    return isKeyring(current) ? parseKeyring(current) : { default: current };
  if (current instanceof Uint8Array || typeof current !== "object" || current === null) {
    throw new TypeError(
      "rotate works on string passwords: a password, a keyring or a JSON map of strings.",
    );
  }
  const map: Record<string, string> = {};
  for (const [id, secret] of Object.entries(current)) {
    if (typeof secret !== "string")
      throw new TypeError(`rotate works on string passwords; entry ${id} is not a string.`);
    map[id] = secret;
  }
  return map;
}
