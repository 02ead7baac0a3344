// The demo on h3 v2, through @sealed-session/h3.
import { createServer } from "node:http";
import { useSession, verifyCsrf } from "@sealed-session/h3";
import { H3, toNodeHandler } from "h3";
import { addNote, forgetDevice, home, login, logout, logoutEverywhere } from "./pages.mjs";

export function h3Server(config) {
  const app = new H3();
  // Every post must come from this site and carry the form's token: h3 answers a refusal with a 403.
  app.use((event) => verifyCsrf(event, config));
  const page = (event, status, html) => {
    event.res.status = status;
    event.res.headers.set("content-type", "text/html; charset=utf-8");
    return html;
  };
  const redirect = (event, location) => {
    event.res.status = 303;
    event.res.headers.set("location", location);
    return "";
  };
  const form = async (event) => Object.fromEntries(await event.req.formData());
  const context = (event) => ({
    framework: "h3",
    cookieHeader: event.req.headers.get("cookie"),
    name: config.name,
    store: config.store,
  });
  app.get("/", async (event) =>
    page(event, 200, await home(await useSession(event, config), context(event))),
  );
  app.post("/login", async (event) =>
    redirect(event, await login(await useSession(event, config), await form(event))),
  );
  app.post("/logout", async (event) =>
    redirect(event, await logout(await useSession(event, config))),
  );
  app.post("/logout-everywhere", async (event) =>
    redirect(event, await logoutEverywhere(await useSession(event, config), config)),
  );
  app.post("/forget-device", async (event) =>
    redirect(event, await forgetDevice(await useSession(event, config), config, await form(event))),
  );
  app.post("/note", async (event) => {
    const result = await addNote(
      await useSession(event, config),
      await form(event),
      context(event),
    );
    return result.location
      ? redirect(event, result.location)
      : page(event, result.status, result.html);
  });
  return createServer(toNodeHandler(app));
}
