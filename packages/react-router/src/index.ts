/**
 * @module `@sealed-session/react-router`: sealed cookie sessions for React
 * Router 8 — a `SessionStorage` drop-in, a middleware putting the session on
 * the router context, and Nitro's session functions on loader arguments.
 */
export type {
  Session as SealedSession,
  SessionConfig,
  SessionData,
  SessionManager,
  SessionUpdate,
} from "@sealed-session/core";
export {
  type AppData,
  type AppSessionData,
  clearSession,
  csrf,
  getSession,
  type SessionArgs,
  type SessionMiddlewareOptions,
  sealSession,
  session,
  sessionContext,
  unsealSession,
  updateSession,
  useSession,
  withSessions,
} from "./middleware";
export { createSealedSessionStorage } from "./storage";
