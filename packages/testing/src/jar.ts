import { parseSetCookie } from "cookie-es";

/**
 * A browser's cookie jar, reduced to what sessions need: it keeps the last
 * value per name, drops cookies that expire (`Max-Age=0` or a past
 * `Expires`), and writes the `Cookie` header.
 */
export class CookieJar {
  readonly #cookies = new Map<string, string>();

  /** Applies every `Set-Cookie` of `response`. */
  take(response: Response): this {
    for (const line of response.headers.getSetCookie()) {
      const cookie = parseSetCookie(line);
      if (!cookie) continue;
      const expired =
        cookie.maxAge !== undefined
          ? cookie.maxAge <= 0
          : cookie.expires !== undefined && cookie.expires.getTime() <= Date.now();
      if (expired) this.#cookies.delete(cookie.name);
      else this.#cookies.set(cookie.name, cookie.value);
    }
    return this;
  }

  /** Sets a cookie as a client could (or a tampering one would). */
  set(name: string, value: string): this {
    this.#cookies.set(name, value);
    return this;
  }

  get(name: string): string | undefined {
    return this.#cookies.get(name);
  }

  /** Cookie names in the jar. */
  names(): string[] {
    return [...this.#cookies.keys()].sort();
  }

  /** A jar holding the same cookies: a copied cookie, as a thief would hold it. */
  copy(): CookieJar {
    const other = new CookieJar();
    for (const [name, value] of this.#cookies) other.#cookies.set(name, value);
    return other;
  }

  /** The `Cookie` request header. */
  header(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}
