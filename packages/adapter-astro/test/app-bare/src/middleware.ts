import { sequence } from "astro:middleware";
import { session, sessions } from "../../../src/index";

// The same middleware as test/app, in an app with no 500 page: Astro then
// answers a route that throws outside every middleware.
const password = process.env.ASTRO_SESSION_PASSWORD as string;
const mw = session({ password, name: "mw", cookie: { secure: false } });
const all = sessions();

export const onRequest = sequence((context, next) =>
  new URL(context.request.url).pathname.startsWith("/mw") ? mw(context, next) : all(context, next),
);
