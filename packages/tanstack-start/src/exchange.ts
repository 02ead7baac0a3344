// TanStack Start's own server API onto the core's port. Since 1.132 Start
// gives a server function, a server route or a loader the request
// (`getRequest()`) and response helpers, and from 1.169 no h3 event at all.
// Nothing else is here: every session rule is the core's.
import {
  restageByName,
  type SessionExchange,
  Slot,
  type StagedSession,
} from "@sealed-session/core/adapter";

/**
 * What the session functions need of a TanStack Start server module
 * (`@tanstack/react-start/server`, `@tanstack/solid-start/server`): the
 * request and response helpers of Start 1.132 and later, or `getEvent` of
 * Start 1.131 and earlier.
 */
export interface StartServer {
  /** The request being handled (Start 1.132+). */
  getRequest?: () => Request;
  /** Appends a response header; `set-cookie` values replace those of the same name, domain and path (Start 1.132+). */
  appendResponseHeader?: (name: never, value: string | string[]) => void;
  /** Sets a response header (Start 1.132+). */
  setResponseHeader?: (name: never, value: string | string[]) => void;
  /** The request's h3 event (Start 1.131 and earlier). */
  getEvent?: () => unknown;
}

/** The name of a session whose config has none: h3's, as Start's sessions were h3's, so a cookie outlives an upgrade. */
export const DEFAULT_NAME = "h3";

/** The request and response helpers of Start 1.132 and later. */
export type StartHelpers = Required<
  Pick<StartServer, "getRequest" | "appendResponseHeader" | "setResponseHeader">
>;

/** Whether `server` has Start 1.132's request and response helpers. */
export function hasHelpers(server: StartServer): server is StartServer & StartHelpers {
  return (
    typeof server.getRequest === "function" &&
    typeof server.appendResponseHeader === "function" &&
    typeof server.setResponseHeader === "function"
  );
}

// The cookie names (main and chunks) each session name staged in this
// request, kept on the request: a later write that stages fewer chunks
// expires the ones it no longer has.
const stagedNames = new Slot<Map<string, Set<string>>>("sealed-session.start-staged");

/** The exchange of the request `server.getRequest()` gives: read from it, staged through the response helpers. */
export function startExchange({
  getRequest,
  appendResponseHeader: append,
  setResponseHeader: set,
}: StartHelpers): SessionExchange {
  const request = getRequest();
  return {
    key: request,
    defaultName: DEFAULT_NAME,
    getRequestHeader: (name) => request.headers.get(name),
    stage(name: string, staged: StagedSession) {
      const byName = stagedNames.get(request) ?? stagedNames.set(request, new Map());
      let before = byName.get(name);
      if (!before) byName.set(name, (before = new Set()));
      // Start replaces a Set-Cookie of the same name, domain and path: one
      // staged before and missing now is expired in its place.
      const cookies = restageByName(before, staged.setCookies ?? []);
      if (cookies.length > 0) append("set-cookie" as never, cookies);
      if (staged.header) set(staged.header[0] as never, staged.header[1]);
    },
  };
}
