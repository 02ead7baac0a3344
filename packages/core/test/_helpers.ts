import type { SessionExchange, StagedSession } from "../src/adapter";

/** Test passwords: 32+ characters, as `sealed-session gen-password` prints them. */
export const PASSWORD = "3c2a7f0e9b8d4c6a1e5f7a9b0c2d4e6f-test-password";
export const PASSWORD_2 = "another-password-at-least-32-characters-long";

/** The `code` of a thrown value, or what it was when it is not one of ours. */
export function codeOf(error: unknown): string {
  if (error && typeof error === "object" && "code" in error) return String(error.code);
  return `not an error: ${String(error)}`;
}

/** `token` with the character at `index` replaced by another of the base64url alphabet (or "*" → "x"). */
export function mutateAt(token: string, index: number, shift = 1): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const char = token[index] as string;
  const at = alphabet.indexOf(char);
  const replacement =
    at === -1 ? (char === "*" ? "x" : "A") : (alphabet[(at + shift) % alphabet.length] as string);
  return token.slice(0, index) + replacement + token.slice(index + 1);
}

/** One request through the core's port: its cookie in, its `Set-Cookie` values out. */
export class CookieRequest implements SessionExchange {
  readonly key = {};
  cookies: string[] = [];
  constructor(readonly cookie = "") {}
  getRequestHeader(name: string) {
    return name === "cookie" ? this.cookie : undefined;
  }
  stage(_name: string, staged: StagedSession) {
    if (staged.setCookies) this.cookies = [...staged.setCookies];
  }
  /** The cookie a browser would send next. */
  get jar(): string {
    return (this.cookies[0] ?? "").split(";")[0] ?? "";
  }
}
