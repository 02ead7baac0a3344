const warned = new Set<string>();

/**
 * Prints a warning once per process (per `code` and `once`, the message by default): through `process.emitWarning`
 * where there is one (so `--no-warnings` silences it), else `console.warn`.
 */
export function warnOnce(code: string, message: string, once: string = message): void {
  const key = `${code}\u0000${once}`;
  if (warned.has(key)) return;
  warned.add(key);
  const host = (globalThis as { process?: { emitWarning?: (message: string, options: { code: string }) => void } }).process;
  if (typeof host?.emitWarning === "function") host.emitWarning(`[sealed-session] ${message}`, { code });
  else console.warn(`[sealed-session] ${message} (${code})`);
}
