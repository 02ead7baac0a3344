/**
 * @module JSON in and out of a token: `data` serialized (or the `encode`
 * option applied), and the decrypted text parsed (or `decode` applied), each
 * failure typed.
 */
import { SealDataError, SealDecryptError } from "../errors";

/** The decrypted text as data: `JSON.parse`, or the `decode` option; `SealDecryptError` when it fails. */
export function parseJson(json: string, decode: ((text: string) => unknown) | undefined): unknown {
  try {
    return decode ? decode(json) : JSON.parse(json);
  } catch (cause) {
    throw new SealDecryptError({ cause });
  }
}

/** `data` as JSON, or `SealDataError`. */
export function serialize(data: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(data);
  } catch (cause) {
    throw new SealDataError(
      "The data cannot be serialized to JSON (it holds a BigInt or a cycle).",
      { cause },
    );
  }
  if (json === undefined)
    throw new SealDataError(
      `The data cannot be serialized to JSON (${typeof data} is not a JSON value).`,
    );
  return json;
}

/** `data` through the `encode` option, which must give a string; `SealDataError` otherwise. */
export function encodeWith(encode: (data: unknown) => string, data: unknown): string {
  let text: unknown;
  try {
    text = encode(data);
  } catch (cause) {
    throw new SealDataError("The encode option could not encode the data.", { cause });
  }
  if (typeof text !== "string")
    throw new SealDataError(`The encode option must return a string, not ${typeof text}.`);
  return text;
}

/**
 * The JSON text parsed once and deep-frozen: the tree a remembered token
 * keeps, copied (`copyTree`) for each reader instead of parsed again.
 */
export function frozenTree(json: string): unknown {
  return deepFreeze(parseJson(json, undefined));
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
    Object.freeze(value);
  }
  return value;
}

/**
 * A mutable deep copy of a tree `JSON.parse` made: what parsing its text
 * again would give, at a fraction of the cost. A `"__proto__"` key stays an
 * own property, as `JSON.parse` leaves it.
 */
export function copyTree(tree: unknown): unknown {
  if (typeof tree !== "object" || tree === null) return tree;
  if (Array.isArray(tree)) {
    const copy = new Array(tree.length);
    for (let i = 0; i < tree.length; i++) copy[i] = copyTree(tree[i]);
    return copy;
  }
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(tree)) {
    const value = copyTree((tree as Record<string, unknown>)[key]);
    if (key === "__proto__") Object.defineProperty(copy, key, OWN(value));
    else copy[key] = value;
  }
  return copy;
}

const OWN = (value: unknown): PropertyDescriptor => ({
  value,
  writable: true,
  enumerable: true,
  configurable: true,
});

/**
 * `true` only when `value` is plain JSON data (objects of `Object.prototype`,
 * arrays, strings, finite numbers, booleans, null) with the same keys, in the
 * same order, and the same values as `tree`: then `JSON.stringify` of each is
 * the same text. `false` means "not shown equal", for the caller to compare
 * the serialized text instead (a `Date`, a `toJSON`, an `undefined` member…).
 */
export function sameTree(value: unknown, tree: unknown): boolean {
  if (value === tree) return typeof value !== "number" || Number.isFinite(value);
  if (typeof value !== "object" || typeof tree !== "object" || value === null || tree === null)
    return false;
  if (Array.isArray(value)) {
    if (!Array.isArray(tree) || value.length !== tree.length) return false;
    for (let i = 0; i < value.length; i++) if (!sameTree(value[i], tree[i])) return false;
    return true;
  }
  if (Array.isArray(tree) || Object.getPrototypeOf(value) !== Object.prototype) return false;
  const keys = Object.keys(tree);
  let i = 0;
  for (const key in value) {
    if (key !== keys[i++] || !Object.hasOwn(value, key)) return false;
    const member = (value as Record<string, unknown>)[key];
    if (!sameTree(member, (tree as Record<string, unknown>)[key])) return false;
  }
  return i === keys.length;
}
