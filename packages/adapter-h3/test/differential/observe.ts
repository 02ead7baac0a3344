// What a client and the app observe of one response, normalized so that two
// implementations can be compared with one deep equality: times relative to
// the (fake) clock, tokens opened into the record they carry, ids labelled.
import { unsealWithInfo } from "@sealed-session/core";

/** One `Set-Cookie`: its name, the shape of its value, and every attribute. */
export interface CookieSeen {
  readonly name: string;
  /** `token`, `__chunked__N`, `chunk` (a piece of a chunked token) or `""` (a deletion). */
  readonly value: string;
  /** Attribute names lower-cased; `expires` in seconds from now. */
  readonly attributes: Record<string, string | number | true>;
}

/** What sealed content a token carried, read with the scenario's password. */
export interface TokenSeen {
  readonly parts: number;
  readonly passwordId: string;
  /** The token's own expiration, in ms from now (`null` when it has none). */
  readonly expiresIn: number | null;
  /** PBKDF2 iterations that verified it. */
  readonly iterations: number;
  /** The sealed record, its times in ms from the scenario's start. */
  readonly record: unknown;
}

export interface Observation {
  readonly status: number;
  readonly body: unknown;
  /** Sorted by name, so only what is set counts, not the order of the list. */
  readonly cookies: readonly CookieSeen[];
  /** The token the cookies of the response carry for each session name (main cookie and chunks joined). */
  readonly cookieTokens: Record<string, TokenSeen | "unreadable">;
  /** `x-*-session` response headers, opened like cookie tokens (`""` stays `""`). */
  readonly sessionHeaders: Record<string, TokenSeen | "" | "unreadable">;
  readonly contentType: string | null;
  /** Encryptions while the request ran (`subtle.encrypt` or `createCipheriv`): one per seal. */
  readonly seals: number;
  /** `generateId` calls while the request ran. */
  readonly generatedIds: number;
}

/** Labels ids in order of appearance so both implementations' random UUIDs compare. */
export class Labels {
  private readonly seen = new Map<string, string>();
  label(value: string): string {
    let label = this.seen.get(value);
    if (!label) this.seen.set(value, (label = `uuid-${this.seen.size + 1}`));
    return label;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Replaces UUIDs by labels and epoch times (`createdAt`, `lastSeenAt`) by ms from `start`. */
export function normalize(value: unknown, start: number, labels: Labels): unknown {
  if (typeof value === "string") return UUID.test(value) ? labels.label(value) : value;
  if (Array.isArray(value)) return value.map((item) => normalize(item, start, labels));
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        (key === "createdAt" || key === "lastSeenAt") && typeof item === "number" && item > 0
          ? item - start
          : normalize(item, start, labels),
      ]),
    );
  }
  return value;
}

export interface ObserveContext {
  readonly password: unknown;
  /** The scenario's seal options (iterations and algorithms to read its tokens with). */
  readonly seal: { readonly encryption?: object; readonly integrity?: object } | undefined;
  readonly start: number;
  readonly labels: Labels;
  readonly seals: number;
  readonly generatedIds: number;
}

/** Reads a response into an `Observation`. */
export async function observe(response: Response, context: ObserveContext): Promise<Observation> {
  const { start, labels } = context;
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text === "" ? "" : JSON.parse(text);
  } catch {}
  const raw = response.headers.getSetCookie().map(parseSetCookie);
  const tokens = new Map<string, string>();
  for (const cookie of raw) {
    if (cookie.name.includes(".") || cookie.value === "") continue;
    const chunks = /^__chunked__(\d+)$/.exec(cookie.value);
    const joined = chunks
      ? Array.from(
          { length: Number(chunks[1]) },
          (_, i) => raw.find((c) => c.name === `${cookie.name}.${i + 1}`)?.value ?? "",
        ).join("")
      : cookie.value;
    tokens.set(cookie.name, joined);
  }
  const cookieTokens: Observation["cookieTokens"] = {};
  for (const [name, token] of [...tokens].sort())
    cookieTokens[name] = await openToken(token, context);
  const sessionHeaders: Observation["sessionHeaders"] = {};
  for (const [name, value] of [...response.headers].sort()) {
    if (/^x-.*-session$/.test(name))
      sessionHeaders[name] = value === "" ? "" : await openToken(value, context);
  }
  const cookies = raw
    .map((cookie) => ({
      name: cookie.name,
      value:
        cookie.value === "" || cookie.value.startsWith("__chunked__")
          ? cookie.value
          : cookie.name.includes(".") && !tokens.has(cookie.name)
            ? "chunk"
            : "token",
      attributes: cookie.attributes,
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    status: response.status,
    body: normalize(body, start, labels),
    cookies,
    cookieTokens,
    sessionHeaders,
    contentType: response.headers.get("content-type"),
    seals: context.seals,
    generatedIds: context.generatedIds,
  };
}

async function openToken(
  token: string,
  { password, seal, start, labels }: ObserveContext,
): Promise<TokenSeen | "unreadable"> {
  try {
    // Iteration counts are read, not assumed: the scenario's (8192 by default), then iron's 1.
    const options = {
      encryption: seal?.encryption,
      integrity: seal?.integrity,
      legacyFallback: true,
      cache: false as const,
    };
    const info = await unsealWithInfo(token, password as never, options);
    return {
      parts: token.split("*").length,
      passwordId: info.passwordId,
      expiresIn: info.expiresAt === undefined ? null : info.expiresAt - Date.now(),
      iterations: info.iterations,
      record: normalize(info.data, start, labels),
    };
  } catch {
    return "unreadable";
  }
}

function parseSetCookie(header: string): {
  name: string;
  value: string;
  attributes: Record<string, string | number | true>;
} {
  const [pair = "", ...rest] = header.split(";");
  const at = pair.indexOf("=");
  const attributes: Record<string, string | number | true> = {};
  for (const part of rest) {
    const [key = "", ...value] = part.trim().split("=");
    const name = key.toLowerCase();
    const text = value.join("=");
    attributes[name] =
      name === "expires"
        ? Math.round((Date.parse(text) - Date.now()) / 1000)
        : text === ""
          ? true
          : text;
  }
  const sorted = Object.fromEntries(
    Object.entries(attributes).sort(([a], [b]) => (a < b ? -1 : 1)),
  );
  return {
    name: pair.slice(0, at).trim(),
    value: decodeURIComponent(pair.slice(at + 1).trim()),
    attributes: sorted,
  };
}
