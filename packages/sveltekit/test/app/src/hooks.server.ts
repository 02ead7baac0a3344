// The app's session on event.locals, its secrets from the environment at run time.
import { handleSession } from "../../../src/index";

export const handle = handleSession({
  password: process.env.SK_SESSION_PASSWORD as string,
  name: "app",
  cookie: { secure: false },
  lazy: true,
  // What the app ran before: svelte-kit-cookie-session's cookies, taken over.
  migrateFrom: [{ from: "svelte-kit-cookie-session", secret: process.env.SK_OLD_SECRET as string }],
});
