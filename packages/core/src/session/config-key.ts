/**
 * @module A config's value as a string, so that equal configs written as new
 * object literals on every request (Nitro's documentation does:
 * `useSession(event, { name, password })`) resolve once, not per request. Plain
 * objects, arrays and primitives are written out; anything else — a function, a
 * schema, a KeyCache, raw key bytes — stands by its identity.
 */

const identities = new WeakMap<object, number>();
let nextIdentity = 0;

/** The key of `config`'s value, or `undefined` when it cannot be written (too deep, or a cycle). */
export function configKey(config: object): string | undefined {
  try {
    return write(config, 0);
  } catch {
    return undefined;
  }
}

function write(value: unknown, depth: number): string {
  if (depth > 8) throw new Error("too deep");
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "number":
    case "boolean":
    case "undefined":
      return String(value);
    case "bigint":
      return `${value}n`;
    case "function":
    case "symbol":
      return identity(value as object);
    default:
      break;
  }
  if (value === null) return "null";
  if (value instanceof Date) return `Date(${value.getTime()})`;
  if (Array.isArray(value)) return `[${value.map((item) => write(item, depth + 1)).join(",")}]`;
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return identity(value as object);
  const entries = Object.keys(value as object)
    .sort()
    .map(
      (key) =>
        `${JSON.stringify(key)}:${write((value as Record<string, unknown>)[key], depth + 1)}`,
    );
  return `{${entries.join(",")}}`;
}

function identity(value: object): string {
  let id = identities.get(value);
  if (id === undefined) identities.set(value, (id = ++nextIdentity));
  return `#${id}`;
}
