/**
 * @module One-time warnings: each said once per process, by code.
 */
const warned = new Set<string>();

/**
 * Prints a warning once per runtime (per `code` and `once`, the message by
 * default) with `console.warn`, which every runtime has, its code in brackets.
 */
export function warnOnce(code: string, message: string, once: string = message): void {
  const key = `${code}\u0000${once}`;
  if (warned.has(key)) return;
  warned.add(key);
  console.warn(`[sealed-session] ${message} (${code})`);
}
