// The Elysia app test/bun.test.ts runs on real Bun (Elysia's own Bun.serve),
// on 127.0.0.1 at a free port; it stops when its parent does, or after 2 minutes.
import { Elysia } from "elysia";
import { csrf, session, useSession } from "../src/index";

class TeapotError extends Error {}

type Data = { visits?: number; user?: string; blob?: string; bad?: unknown };
const password = process.env.ELYSIA_SESSION_PASSWORD as string;

// csrf() in an app of its own, mounted: its check applies to its routes alone.
const forms = new Elysia()
  .use(session({ password, name: "forms" }))
  .use(csrf())
  .get("/form", async ({ session }) => ({ token: await session.csrfToken() }))
  .post("/save", ({ body }) => ({ saved: (body as { note?: string }).note }));

const app = new Elysia()
  .mount("/csrf", forms)
  .error({ TEAPOT: TeapotError })
  .onError(({ code }) => {
    if (code === "TEAPOT") return new Response("I'm a teapot", { status: 418 });
  })
  // elysia-ironsession's users: iron-session tokens in the `session` cookie, taken over.
  .use(session<Data>({ password, migrateFrom: [{ from: "iron-session" }] }))
  .get("/read", ({ session }) => ({ id: session.id, data: session.data }))
  .post("/visit", ({ session }) => {
    session.data.visits = (session.data.visits ?? 0) + 1;
    return session.data;
  })
  .get("/theme", ({ session, cookie }) => {
    cookie.theme?.set({ value: "dark", path: "/" });
    session.data.visits = (session.data.visits ?? 0) + 1;
    return "ok";
  })
  .get("/throw", ({ session }) => {
    session.data.visits = (session.data.visits ?? 0) + 1;
    throw new Error("thrown after a change");
  })
  .get("/teapot", ({ session }) => {
    session.data.visits = (session.data.visits ?? 0) + 1;
    throw new TeapotError("short and stout");
  })
  .get("/forbidden", ({ session, status }) => {
    session.data.visits = (session.data.visits ?? 0) + 1;
    return status(403, "no");
  })
  .post("/login", async ({ session, redirect }) => {
    session.data.user = "ada";
    await session.regenerate();
    return redirect("/read", 303);
  })
  .get("/big", ({ session }) => {
    session.data.blob = "x".repeat(9000);
    return "big";
  })
  .get("/small", ({ session }) => {
    delete session.data.blob;
    return "small";
  })
  .get("/unsealable", ({ session }) => {
    session.data.visits = (session.data.visits ?? 0) + 1;
    session.data.bad = 10n;
    return "never";
  })
  // The function form on Elysia's own context: update() seals at once, through the jar.
  .get("/fn", async (context) => {
    const other = await useSession(context, { password, name: "other" });
    await other.update({ n: ((other.data.n as number | undefined) ?? 0) + 1 });
    return other.data;
  })
  .listen({ hostname: "127.0.0.1", port: 0 });

console.log(`listening on http://127.0.0.1:${app.server?.port} (Bun ${process.versions.bun})`);
setTimeout(() => process.exit(0), 120_000);
