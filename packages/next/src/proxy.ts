// Next.js's proxy (`proxy.ts`, Next 16; `middleware.ts` before) onto the
// core's port: the request's cookies read, the session's written onto the
// response the proxy returns. Nothing else is here: every session rule is the core's.
import {
  bindSessionFunctions,
  type SessionExchange,
  type SessionFunctions,
  Slot,
} from "@sealed-session/core/adapter";
import { type NextCookieStore, type StagedNames, stageOnStore } from "./cookies";

export type * from "./types";

/** What the proxy's functions read of a `NextRequest`. */
export interface ProxyRequest {
  readonly headers: { get(name: string): string | null };
}

/** What the proxy's functions write on a `NextResponse` (`NextResponse.next()`, a redirect, a rewrite). */
export interface ProxyResponse {
  readonly cookies: Pick<NextCookieStore, "set">;
  readonly headers: { set(name: string, value: string): void };
}

/** Nitro's session functions on the proxy's request and the response it returns. */
export type ProxySessionFunctions = SessionFunctions<
  [request: ProxyRequest, response: ProxyResponse]
>;

const exchanges = new Slot<SessionExchange>("sealed-session.next-proxy");

function proxyExchange(request: ProxyRequest, response: ProxyResponse): SessionExchange {
  let exchange = exchanges.get(response);
  if (!exchange) {
    const names: StagedNames = new Map();
    exchange = {
      key: names,
      getRequestHeader: (name) => request.headers.get(name),
      stage(name, staged) {
        stageOnStore(response.cookies, names, name, staged);
        if (staged.header) response.headers.set(staged.header[0], staged.header[1]);
      },
    };
    exchanges.set(response, exchange);
  }
  return exchange;
}

/**
 * Nitro's session functions in `proxy.ts`, on the request and the response
 * the proxy returns: the place for a write a server component cannot make —
 * an idle session slid forward, a token resealed under the current password
 * — which `useSession` does by itself as it reads. Pages rendered for this
 * request read the cookie the browser sent; the browser keeps the new one.
 *
 * @example
 * ```ts
 * // proxy.ts
 * import { NextResponse, type NextRequest } from "next/server";
 * import { useSession } from "@sealed-session/next/proxy";
 * export async function proxy(request: NextRequest) {
 *   const response = NextResponse.next();
 *   await useSession(request, response, { password: process.env.SESSION_PASSWORD!, idleTimeout: 1800 });
 *   return response;
 * }
 * ```
 */
export const { useSession, getSession, updateSession, clearSession, sealSession, unsealSession } =
  bindSessionFunctions((request: ProxyRequest, response: ProxyResponse) =>
    proxyExchange(request, response),
  ) as ProxySessionFunctions;

/**
 * `useSession` under a name React's rules of hooks (`eslint-plugin-react-hooks`,
 * on in `eslint-config-next`) do not take for a hook: the same function, for
 * `proxy()`, which that rule reads as a plain function calling a hook.
 */
export const openSession: typeof useSession = useSession;
