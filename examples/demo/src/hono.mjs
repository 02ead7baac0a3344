// The demo on Hono, through @sealed-session/hono's middleware.
import { createServer } from "node:http";
import { getRequestListener } from "@hono/node-server";
import { csrf, session } from "@sealed-session/hono";
import { Hono } from "hono";
import { addNote, forgetDevice, home, login, logout, logoutEverywhere } from "./pages.mjs";

export function honoServer(config) {
  const app = new Hono();
  // csrf(): every post must come from this site and carry the form's token (403 otherwise).
  app.use(session(config), csrf());
  const context = (c) => ({
    framework: "hono",
    cookieHeader: c.req.header("cookie"),
    name: config.name,
    store: config.store,
  });
  app.get("/", async (c) => c.html(await home(c.var.session, context(c))));
  app.post("/login", async (c) =>
    c.redirect(await login(c.var.session, await c.req.parseBody()), 303),
  );
  app.post("/logout", async (c) => c.redirect(await logout(c.var.session), 303));
  app.post("/logout-everywhere", async (c) =>
    c.redirect(await logoutEverywhere(c.var.session, config), 303),
  );
  app.post("/forget-device", async (c) =>
    c.redirect(await forgetDevice(c.var.session, config, await c.req.parseBody()), 303),
  );
  app.post("/note", async (c) => {
    const result = await addNote(c.var.session, await c.req.parseBody(), context(c));
    return result.location ? c.redirect(result.location, 303) : c.html(result.html, result.status);
  });
  return createServer(getRequestListener(app.fetch));
}
