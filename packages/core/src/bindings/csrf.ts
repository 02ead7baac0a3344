/**
 * @module The CSRF check of a request, for middleware: which methods it
 * applies to, and where a request carries its token (a form field, else the
 * `x-csrf-token` header, which the session reads itself).
 */
import { CSRF_FIELD, isSealedSessionError, type SessionCsrfError } from "../errors";
import type { SessionManager } from "../session/manager";

const SAFE = new Set(["GET", "HEAD", "OPTIONS", "TRACE"]);

/** Whether `method` may change state, so the CSRF check applies (not GET, HEAD, OPTIONS or TRACE). */
export function isUnsafeMethod(method: string): boolean {
  return !SAFE.has(method.toUpperCase());
}

/**
 * The `_csrf` field of a body already read: a `FormData` or
 * `URLSearchParams`, or the object a framework parsed a form into; a string
 * is taken as the token itself. `undefined` when there is none.
 */
export function csrfFieldOf(body: unknown): string | undefined {
  if (typeof body === "string") return body;
  if (typeof body !== "object" || body === null) return undefined;
  const value =
    typeof (body as { get?: unknown }).get === "function"
      ? (body as { get(name: string): unknown }).get(CSRF_FIELD)
      : (body as Record<string, unknown>)[CSRF_FIELD];
  return typeof value === "string" ? value : undefined;
}

/**
 * The CSRF check of a Web `Request`: nothing for a safe method; else
 * `session.verifyCsrf` with the token of a form post's `_csrf` field (read
 * from a clone: the handler still reads the body) or the `x-csrf-token`
 * header. Throws `SessionCsrfError` (answer 403).
 *
 * @example
 * ```ts
 * const session = await useWebSession(request, config);
 * await verifyRequestCsrf(request, session);
 * ```
 */
export async function verifyRequestCsrf(request: Request, session: SessionManager): Promise<void> {
  if (!isUnsafeMethod(request.method)) return;
  await session.verifyCsrf(await formField(request));
}

const FORM = /^\s*(application\/x-www-form-urlencoded|multipart\/form-data)/i;

async function formField(request: Request): Promise<string | undefined> {
  if (request.bodyUsed || !FORM.test(request.headers.get("content-type") ?? "")) return undefined;
  try {
    return csrfFieldOf(await request.clone().formData());
  } catch {
    return undefined; // a body that is not the form it says: the header decides
  }
}

/**
 * A CSRF check's refusal as a value, for middleware that answers it (403)
 * rather than throw: the `SessionCsrfError`, or `undefined` when the check
 * passed. Any other error still rejects.
 */
export async function csrfRefusal(check: Promise<void>): Promise<SessionCsrfError | undefined> {
  try {
    await check;
    return undefined;
  } catch (error) {
    // By code, not instanceof: a second copy of the package (CJS beside ESM) has its own classes.
    if (isSealedSessionError(error) && error.code === "ERR_SESSION_CSRF")
      return error as SessionCsrfError;
    throw error;
  }
}
