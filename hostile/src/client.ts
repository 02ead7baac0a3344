// What the families share: a pool of concurrent requests, and how a response is judged.
import type { TestServer } from "@sealed-session/testing";

/** Runs `work` over `items`, `width` at a time. */
export async function pool<T>(
  items: readonly T[],
  width: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
}

/** What a client saw for one request. */
export interface Seen {
  readonly status: number;
  /** The session data the app saw, `undefined` when the body was not the app's JSON. */
  readonly data: Record<string, unknown> | undefined;
  readonly id: string | undefined;
  readonly setCookies: string[];
}

/** GETs `/` with `headers` and reads what the app saw. */
export async function look(server: TestServer, headers: Record<string, string>): Promise<Seen> {
  const response = await server.fetch("/", { headers });
  const text = await response.text();
  let body: { id?: string; data?: Record<string, unknown> } = {};
  try {
    body = JSON.parse(text);
  } catch {}
  return {
    status: response.status,
    data: body.data,
    id: body.id,
    setCookies: response.headers.getSetCookie(),
  };
}

/** The `Set-Cookie` values for session `name` (main cookie and chunks). */
export function sessionCookies(setCookies: readonly string[], name: string): string[] {
  return setCookies.filter(
    (c) => c.startsWith(`${name}=`) || new RegExp(`^${name}\\.\\d+=`).test(c),
  );
}

/** `name=value` pairs of `Set-Cookie` values, as a `Cookie` header. */
export function cookieHeader(setCookies: readonly string[]): string {
  return setCookies
    .filter((c) => !/Max-Age=0/i.test(c))
    .map((c) => c.slice(0, c.indexOf(";")))
    .join("; ");
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** Every single-character change of `token`: another character of its alphabet, a part separator, and a deletion, at each position. */
export function singleByteChanges(token: string): string[] {
  const changes = new Set<string>();
  for (let i = 0; i < token.length; i++) {
    const c = token[i] as string;
    const at = ALPHABET.indexOf(c);
    const other = at === -1 ? "A" : (ALPHABET[(at + 1) % ALPHABET.length] as string);
    changes.add(token.slice(0, i) + other + token.slice(i + 1));
    if (c !== "*") changes.add(`${token.slice(0, i)}*${token.slice(i + 1)}`);
    changes.add(token.slice(0, i) + token.slice(i + 1));
  }
  changes.delete(token);
  return [...changes];
}

/** `n` random hex characters. */
export function hex(n: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(Math.ceil(n / 2)));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0"))
    .join("")
    .slice(0, n);
}

/** The typed code a set-up call throws, `"accepted"` when it throws nothing, or what it threw when untyped. */
export function codeOf(run: () => unknown): string {
  try {
    run();
    return "accepted";
  } catch (error) {
    return (error as { code?: string }).code ?? `untyped ${(error as Error).name}`;
  }
}
