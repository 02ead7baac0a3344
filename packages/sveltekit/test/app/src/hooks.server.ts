// The app's session on event.locals, its secrets from the environment at run time.
import { sequence } from "@sveltejs/kit/hooks";
import { handleCsrf, handleSession } from "../../../src/index";

// handleCsrf() guards the /csrf/* routes (its test's); the others take posts without a token.
const csrf = handleCsrf();

const session = handleSession({
  password: process.env.SK_SESSION_PASSWORD as string,
  name: "app",
  // At handleSession()'s defaults otherwise: bound to its cookie, __Host-app on a
  // public host (plain "app" on 127.0.0.1, where the tests serve it).
  lazy: true,
  // What the app ran before: svelte-kit-cookie-session's cookies, taken over.
  migrateFrom: [{ from: "svelte-kit-cookie-session", secret: process.env.SK_OLD_SECRET as string }],
});

export const handle = sequence(session, (input) =>
  input.event.url.pathname.startsWith("/csrf/") ? csrf(input) : input.resolve(input.event),
);
