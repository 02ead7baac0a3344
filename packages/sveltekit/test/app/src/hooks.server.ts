// The app's session on event.locals, its password from the environment at run time.
import { handleSession } from "../../../src/index";

export const handle = handleSession({
  password: process.env.SK_SESSION_PASSWORD as string,
  name: "app",
  cookie: { secure: false },
  lazy: true,
});
