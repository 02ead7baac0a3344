import { sequence } from "astro:middleware";
import { csrf, session, sessions } from "../../../src/index";

// /mw/* pages use the session() middleware's Astro.locals.session; every
// other route calls useSession(context, config) and needs sessions() only.
const password = process.env.ASTRO_SESSION_PASSWORD as string;
const mw = session({ password, name: "mw", cookie: { secure: false } });
const all = sessions();
// /csrf/* pages: a session and csrf() in front of them.
const forms = sequence(session({ password, name: "forms", cookie: { secure: false } }), csrf());

export const onRequest = sequence((context, next) => {
  const { pathname } = new URL(context.request.url);
  if (pathname.startsWith("/csrf/")) return forms(context, next);
  return pathname.startsWith("/mw") ? mw(context, next) : all(context, next);
});
