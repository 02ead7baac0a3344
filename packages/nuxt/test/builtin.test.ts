// Nuxt 4.6's own sessions (useSession from nuxt/server) beside this module's,
// and the way off them: `fromNuxtSession` takes a user's cookie over.
import { spawnSync } from "node:child_process";
import { unseal } from "@sealed-session/core";
import { CookieJar, type TestServer } from "@sealed-session/testing";
import * as Iron from "iron-webcrypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nuxtSessionPassword } from "../src/runtime/nuxt-session";
import { APP_SECRET, PASSWORD, serveNuxt, server as serverEntry } from "./_app";

let server: TestServer;
beforeAll(async () => {
  server = await serveNuxt();
});
afterAll(() => server?.close());

/** Signs in through Nuxt's built-in sessions: a jar holding only its `nuxt-session` cookie. */
async function builtinJar(data: { user: string; visits: number }): Promise<CookieJar> {
  const response = await server.fetch("/api/builtin", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(data),
  });
  expect(response.status).toBe(200);
  const jar = new CookieJar().take(response);
  return new CookieJar().set("nuxt-session", jar.get("nuxt-session") ?? "");
}

describe("Nuxt's built-in sessions beside this module's", () => {
  it("both work in one app, even in one file: nuxt/server's useSession imported by name, ours auto-imported", async () => {
    const post = await server.fetch("/api/builtin", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ user: "ada", visits: 3 }),
    });
    const body = await post.json();
    expect(body.nuxt).toEqual({ user: "ada", visits: 3 });
    // Nuxt's session manager has no createdAt; this library's does.
    expect(body.ours).toEqual({ id: expect.any(String), createdAt: expect.any(Number) });
    const jar = new CookieJar().take(post);
    expect(jar.names()).toEqual(["beside", "nuxt-session"]);
    // Each cookie is its own library's: Nuxt's under its derived password at iron-webcrypto's 1 iteration,
    // ours under the app's password at 8192 (read without the 1-iteration fallback).
    const derived = await nuxtSessionPassword(APP_SECRET, "nuxt-session");
    const nuxtPayload = await Iron.unseal(jar.get("nuxt-session") ?? "", derived, Iron.defaults);
    expect(nuxtPayload).toEqual({
      nuxt: 1,
      id: expect.any(String),
      data: { user: "ada", visits: 3 },
    });
    const ours = await unseal(jar.get("beside") ?? "", PASSWORD, { legacyFallback: false });
    expect(ours).toMatchObject({ id: body.ours.id, createdAt: body.ours.createdAt, data: {} });
    // Nuxt's own read of its cookie still works with this module installed; the app's
    // useAppSession works on a nuxt/server handler's event too (it writes its cookie, and takes Nuxt's over).
    const again = await server.fetch("/api/builtin", { headers: { cookie: jar.header() } });
    expect(await again.json()).toEqual({
      nuxt: { user: "ada", visits: 3 },
      app: { user: "ada", visits: 3 },
    });
    expect(jar.take(again).names()).toEqual(["app", "beside"]);
  });
});

describe("fromNuxtSession: moving users off Nuxt's built-in sessions", () => {
  it("takes a built-in session's data over on the first useAppSession, reseals it as ours and expires Nuxt's cookie", async () => {
    const jar = await builtinJar({ user: "grace", visits: 7 });
    const first = await server.fetch("/api/session", { headers: { cookie: jar.header() } });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ visits: 7, user: "grace" });
    const cookies = first.headers.getSetCookie();
    expect(cookies).toContainEqual(
      expect.stringMatching(/^nuxt-session=; Max-Age=0; Path=\/; Expires=Thu, 01 Jan 1970/),
    );
    expect(cookies).toContainEqual(expect.stringMatching(/^app=Fe26\.2\*/));
    jar.take(first);
    expect(jar.names()).toEqual(["app"]);
    // Resealed at this library's 8192 iterations: it reads without the 1-iteration fallback.
    expect(await unseal(jar.get("app") ?? "", PASSWORD, { legacyFallback: false })).toMatchObject({
      data: { visits: 7, user: "grace" },
    });
    // From now on the app's own cookie carries the session, and writes go on from the data taken over.
    const write = await server.fetch("/api/visit", {
      method: "POST",
      headers: { cookie: jar.header(), "content-type": "application/json" },
      body: "{}",
    });
    expect(await write.json()).toEqual({ visits: 8, user: "grace" });
  });

  it("keeps the app's session when it already holds data, and still expires Nuxt's cookie", async () => {
    const jar = await builtinJar({ user: "old", visits: 100 });
    const signIn = await server.fetch("/api/visit", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ user: "new" }),
    });
    jar.take(signIn);
    expect(jar.names()).toEqual(["app", "nuxt-session"]);
    const read = await server.fetch("/api/session", { headers: { cookie: jar.header() } });
    expect(await read.json()).toEqual({ visits: 1, user: "new" });
    expect(jar.take(read).names()).toEqual(["app"]);
  });

  it("a forged, truncated or foreign nuxt-session cookie gives a fresh session, never a 500, and is expired", async () => {
    const good = (await builtinJar({ user: "eve", visits: 1 })).get("nuxt-session") ?? "";
    const foreign = await Iron.seal(
      { nuxt: 1, id: "x", data: { user: "mallory" } },
      "another-secret-of-32-characters-at-least",
      Iron.defaults,
    );
    const notNuxt = await Iron.seal(
      { id: "x", data: { user: "mallory" } },
      await nuxtSessionPassword(APP_SECRET, "nuxt-session"),
      Iron.defaults,
    );
    for (const token of [
      `${good.slice(0, -3)}abc`,
      good.slice(0, 40),
      foreign,
      notNuxt,
      "garbage",
    ]) {
      const jar = new CookieJar().set("nuxt-session", token);
      const response = await server.fetch("/api/session", { headers: { cookie: jar.header() } });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ visits: 0, user: null });
      expect(jar.take(response).names()).toEqual(["app"]);
    }
  });

  it("refuses to start when it has no secret to read Nuxt's cookies with, saying which variable to set", () => {
    const env: Record<string, string | undefined> = {
      ...process.env,
      NUXT_SESSION_PASSWORD: PASSWORD,
    };
    delete env.NUXT_APP_SECRET;
    const run = spawnSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `await import(${JSON.stringify(serverEntry)}); console.log("started");`,
      ],
      { env, encoding: "utf8", timeout: 30_000 },
    );
    expect(run.stdout).not.toContain("started");
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(
      /fromNuxtSession[\s\S]*appSecret, which is not set[\s\S]*NUXT_APP_SECRET/,
    );
  });
});
