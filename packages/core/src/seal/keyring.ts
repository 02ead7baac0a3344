import { PasswordInvalidError, PasswordMissingError } from "../errors";

// `id:secret` entries separated by commas; ids are numbers, or iron's
// `default` (where tokens sealed without an id are looked up).
const ENTRY = String.raw`(?:\d+|default):[^,\s]+`;
const KEYRING = new RegExp(`^${ENTRY}(?:,\\s*${ENTRY})*$`);

/**
 * `true` when `text` is a keyring: `id:secret` entries, newest first,
 * separated by commas, with numeric ids (or `default`), as `"3:…,2:…"`.
 * A password made by `sealed-session gen-password` (base64url) never is.
 */
export function isKeyring(text: string): boolean {
  return text.includes(":") && KEYRING.test(text);
}

/**
 * Parses a keyring (`"3:…,2:…"`) into a rotation map: every id unseals, the
 * highest seals. Throws `PasswordInvalidError` for a repeated id.
 */
export function parseKeyring(text: string): Record<string, string> {
  if (!isKeyring(text)) {
    throw new PasswordInvalidError('A keyring is "id:secret" entries with numeric ids, newest first, separated by commas: "3:…,2:…".');
  }
  const map: Record<string, string> = {};
  for (const entry of text.split(",")) {
    const trimmed = entry.trim();
    const at = trimmed.indexOf(":");
    const id = trimmed.slice(0, at);
    if (Object.hasOwn(map, id)) throw new PasswordInvalidError(`The keyring has id ${id} twice: each id names one secret.`);
    map[id] = trimmed.slice(at + 1);
  }
  return map;
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
export function passwordFromEnv(name: string, env: Readonly<Record<string, string | undefined>>): string {
  const value = env[name];
  if (!value) {
    throw new PasswordMissingError(
      `The environment variable ${name} is not set (a password, or a keyring from \`npx sealed-session rotate\`).`,
    );
  }
  return value;
}
