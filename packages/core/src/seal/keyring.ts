/**
 * @module Keyrings: a rotation map written as one string (`"3:…,2:…"`), parsed
 * strictly, formatted back.
 */
import { PasswordInvalidError, PasswordMissingError } from "../errors";

// `id:secret` entries separated by commas; ids are numbers, or iron's
// `default` (where tokens sealed without an id are looked up).
const ID_PREFIX = /^(?:\d+|default):/;
// A secret holds no white space, nor a separator a hand-made list might use
// (",;:"): "3:a;2:b" is a broken list, not one entry whose secret is "a;2:b".
const ENTRY = /^(\d+|default):([^\s,;:]+)$/;

/**
 * `true` when `text` is meant as a keyring: after white space is trimmed, it
 * starts with an id and a colon (`"3:…"`, `"default:…"`). A password made by
 * `sealed-session gen-password` (base64url) never does. A text that starts
 * so but does not parse is refused by `parseKeyring`, never read as one bare
 * password (which would log every session out).
 */
export function isKeyring(text: string): boolean {
  return ID_PREFIX.test(text.trim());
}

/**
 * Parses a keyring (`"3:…,2:…"`) into a rotation map: every id unseals, the
 * highest seals. White space around the whole and around each entry (a
 * trailing newline from a `.env` file or `echo`) is trimmed. Throws
 * `PasswordInvalidError`, saying which entry is wrong, for an entry that is
 * not `id:secret`, a secret holding white space, `;` or `:`, or a repeated id.
 */
export function parseKeyring(text: string): Record<string, string> {
  const map: Record<string, string> = {};
  const entries = text.trim().split(",");
  entries.forEach((entry, index) => {
    const match = ENTRY.exec(entry.trim());
    if (!match)
      throw new PasswordInvalidError(
        `${describeEntry(entry, index, entries.length)} ${KEYRING_SHAPE}`,
      );
    const [, id, secret] = match as unknown as [string, string, string];
    if (Object.hasOwn(map, id))
      throw new PasswordInvalidError(`The keyring has id ${id} twice: each id names one secret.`);
    map[id] = secret;
  });
  return map;
}

const KEYRING_SHAPE =
  'A keyring is "id:secret" entries with numeric ids (or default), newest first, separated by commas: "3:…,2:…" (from `npx sealed-session rotate`). A password that is not a keyring must not start with digits and a colon.';

// What is wrong with one entry, without printing any secret.
function describeEntry(entry: string, index: number, count: number): string {
  const where = `Entry ${index + 1} of ${count} of the keyring`;
  const trimmed = entry.trim();
  if (trimmed === "") return `${where} is empty (two commas in a row, or a comma at the end).`;
  const colon = trimmed.indexOf(":");
  if (colon === -1) return `${where} has no "id:" in front of its secret.`;
  const id = trimmed.slice(0, colon);
  if (!/^(?:\d+|default)$/.test(id))
    return `${where} has the id "${id.slice(0, 12)}": ids are numbers, or default.`;
  if (colon === trimmed.length - 1) return `${where} (id ${id}) has an empty secret.`;
  return `${where} (id ${id}) holds white space, ";" or ":" inside its secret (entries are separated by commas).`;
}

/** Writes a rotation map of string secrets as a keyring, newest (highest id) first, `default` last. */
export function formatKeyring(map: Readonly<Record<string, string>>): string {
  const rank = (id: string) => (id === "default" ? -1 : Number(id));
  return Object.keys(map)
    .sort((a, b) => rank(b) - rank(a))
    .map((id) => `${id}:${map[id]}`)
    .join(",");
}

/**
 * Reads a password or keyring from variable `name` of `env`, the
 * environment the caller passes (Node's, a Worker's `env` bindings, Deno's
 * as an object, Nitro's runtime config): the core reads no global. Throws
 * `PasswordMissingError` naming the variable when it is unset or empty.
 *
 * @example
 * ```ts
 * export default {
 *   fetch: (request: Request, env: Record<string, string>) =>
 *     handle(request, { password: passwordFromEnv("SESSION_KEYRING", env) }), // "3:…,2:…"
 * };
 * ```
 */
export function passwordFromEnv(
  name: string,
  env: Readonly<Record<string, string | undefined>>,
): string {
  const value = env[name];
  if (!value) {
    throw new PasswordMissingError(
      `The environment variable ${name} is not set (a password, or a keyring from \`npx sealed-session rotate\`).`,
    );
  }
  return value;
}
