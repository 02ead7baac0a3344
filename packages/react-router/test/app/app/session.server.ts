// The app's sessions: `app` on the router context (the middleware), the
// storage drop-in under React Router's cookie name, and the old
// createCookieSessionStorage both take over. Passwords come from the
// environment at run time.
import { createCookieSessionStorage } from "react-router";
import { createSealedSessionStorage, session } from "../../../src/index";

declare module "../../../src/index" {
  interface AppSessionData {
    visits?: number;
    user?: string;
  }
}

const password = process.env.RR_SESSION_PASSWORD as string;
/** What the app signed its cookies with before it moved to sealed sessions. */
const secrets = [process.env.RR_COOKIE_SECRET as string, "an-older-secret-still-verified"];

// At session()'s defaults: bound to its cookie, __Host-app on a public host
// (plain "app" on 127.0.0.1, where the tests serve it).
export const appSession = session({
  password,
  name: "app",
  lazy: true,
  migrateFrom: [{ from: "react-router", cookieName: "legacy", secrets }],
});

export const storage = createSealedSessionStorage<{ count?: number; user?: string }>({
  password,
  cookie: { secure: false },
  migrateFrom: [{ from: "react-router", secrets }],
});

/** React Router's own cookie storage, as the app ran it before: it writes the old cookies. */
export const oldStorage = createCookieSessionStorage<{ count?: number; user?: string }>({
  cookie: { name: "__session", secrets, path: "/", httpOnly: true, sameSite: "lax" },
});
export const oldLegacy = createCookieSessionStorage<{ visits?: number; user?: string }>({
  cookie: { name: "legacy", secrets, path: "/", httpOnly: true, sameSite: "lax" },
});
