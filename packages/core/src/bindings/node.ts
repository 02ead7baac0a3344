/**
 * @module The Node binding: the exchange of an `IncomingMessage` and
 * `ServerResponse` (structurally, importing nothing of Node), and
 * `commitBeforeHeaders`, which holds a response's headers until its sessions
 * are committed.
 */
import { restage } from "../cookie/chunked";
import { HeadersSentError } from "../errors";
import type { SessionConfig } from "../session/config";
import type { SessionExchange } from "../session/port";
import { Slot } from "../session/slot";

// Structural types: Node's http.IncomingMessage and ServerResponse fit them,
// and core imports nothing from Node.

/** What the session reads of a Node request (`http.IncomingMessage`). */
export interface NodeRequestLike {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** What the session uses of a Node response (`http.ServerResponse`). */
export interface NodeResponseLike {
  readonly headersSent: boolean;
  getHeader(name: string): unknown;
  setHeader(name: string, value: string | readonly string[]): unknown;
  removeHeader?(name: string): unknown;
}

/**
 * The exchange of a Node request and response, shared by every session of
 * the request. Writing after the headers were sent throws `HeadersSentError`
 * rather than Node's own error, so the change is reported, not lost.
 */
export function nodeExchange(
  req: NodeRequestLike,
  res: NodeResponseLike,
  defaultName?: string,
  /** The adapter's defaults under every config (see `SessionExchange.defaults`). */
  defaults?: Readonly<Partial<SessionConfig>>,
): SessionExchange {
  let exchange = exchanges.get(req);
  if (!exchange) {
    exchange = {
      // The request's sessions are kept on this plain object, not on `req`:
      // on a request Express re-prototyped, each property added builds a
      // new V8 map, and the exchange is already on `req`.
      key: {},
      defaultName,
      defaults,
      getRequestHeader(name) {
        const value = req.headers[name];
        return Array.isArray(value) ? value.join(name === "cookie" ? "; " : ", ") : value;
      },
      stage(name, staged) {
        if (res.headersSent) throw new HeadersSentError(name);
        if (staged.setCookies) {
          const value = res.getHeader("set-cookie");
          const current =
            value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)];
          res.setHeader("set-cookie", restage(current, name, staged.setCookies));
        }
        if (staged.header) res.setHeader(staged.header[0], staged.header[1]);
      },
    };
    exchanges.set(req, exchange);
  }
  return exchange;
}

const exchanges = new Slot<SessionExchange>("sealed-session.exchange");
