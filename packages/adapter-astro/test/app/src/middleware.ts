import { sequence } from "astro:middleware";
import { session, sessions } from "../../../src/index";

// /mw/* pages use the session() middleware's Astro.locals.session; every
// other route calls useSession(context, config) and needs sessions() only.
const password = process.env.ASTRO_SESSION_PASSWORD as string;
const mw = session({ password, name: "mw", cookie: { secure: false } });
const all = sessions();

export const onRequest = sequence((context, next) =>
  new URL(context.request.url).pathname.startsWith("/mw") ? mw(context, next) : all(context, next),
);
