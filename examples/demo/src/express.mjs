// The demo on Express 5, through @sealed-session/express's middleware.
import { createServer } from "node:http";
import { csrf, session } from "@sealed-session/express";
import express from "express";
import { addNote, forgetDevice, home, login, logout, logoutEverywhere } from "./pages.mjs";

export function expressServer(config) {
  const app = express();
  app.use(express.urlencoded({ extended: false }));
  app.use(session(config));
  // After urlencoded(): the form's _csrf is in req.body. A post without it, or from another site, gets a 403.
  app.use(csrf());
  const context = (req) => ({
    framework: "express",
    cookieHeader: req.headers.cookie,
    name: config.name,
    store: config.store,
  });
  const wrap = (handler) => (req, res, next) => handler(req, res).catch(next);
  app.get(
    "/",
    wrap(async (req, res) => res.type("html").send(await home(req.session, context(req)))),
  );
  app.post(
    "/login",
    wrap(async (req, res) => res.redirect(303, await login(req.session, req.body))),
  );
  app.post(
    "/logout",
    wrap(async (req, res) => res.redirect(303, await logout(req.session))),
  );
  app.post(
    "/logout-everywhere",
    wrap(async (req, res) => res.redirect(303, await logoutEverywhere(req.session, config))),
  );
  app.post(
    "/forget-device",
    wrap(async (req, res) => res.redirect(303, await forgetDevice(req.session, config, req.body))),
  );
  app.post(
    "/note",
    wrap(async (req, res) => {
      const result = await addNote(req.session, req.body, context(req));
      if (result.location) res.redirect(303, result.location);
      else res.status(result.status).type("html").send(result.html);
    }),
  );
  return createServer(app);
}
