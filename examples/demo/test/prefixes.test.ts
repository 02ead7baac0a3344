// Cookie prefixes in a real Chromium (156), which enforces them: a session
// named __Host-, __Http- or __Host-Http- is kept with the attributes the core
// insists on, and a hand-written cookie missing one of them is dropped — the
// loss the core's start-up check prevents.
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { resolveSessionConfig } from "@sealed-session/core/adapter";
import { useSession } from "@sealed-session/h3";
import { H3, toNodeHandler } from "h3";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../../test-chromium.ts";

const password = randomBytes(32).toString("hex");
// cookiePrefix, resolved as a production server resolves it at start-up, and
// as a development one does: the environment is read when a config resolves.
const prefixed = {
  production: { name: "prod", password, cookiePrefix: "__Host-Http-" as const },
  development: { name: "dev", password, cookiePrefix: "__Host-Http-" as const },
};
let browser: Browser;
let server: Server;
let url = "";

beforeAll(async () => {
  const app = new H3()
    .get("/session", async (event) => {
      const name = new URL(event.req.url).searchParams.get("name") ?? "";
      const session = await useSession(event, { name, password });
      await session.update({ visits: ((session.data.visits as number) ?? 0) + 1 });
      return session.data;
    })
    .get("/prefixed", async (event) => {
      const mode = new URL(event.req.url).searchParams.get("mode") as keyof typeof prefixed;
      const session = await useSession(event, prefixed[mode]);
      await session.update({ visits: ((session.data.visits as number) ?? 0) + 1 });
      return session.data;
    })
    .get("/raw", (event) => {
      event.res.headers.append("set-cookie", "__Host-Http-bad=1; Path=/; Secure");
      event.res.headers.append("set-cookie", "__Http-bad=1; Path=/; Secure");
      event.res.headers.append("set-cookie", "__Host-Http-good=1; Path=/; Secure; HttpOnly");
      return "ok";
    });
  const env = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  resolveSessionConfig(prefixed.production, "h3");
  process.env.NODE_ENV = "development";
  resolveSessionConfig(prefixed.development, "h3");
  process.env.NODE_ENV = env;
  server = createServer(toNodeHandler(app));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  server.unref();
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  server?.closeAllConnections();
  server?.close();
});

describe("cookie prefixes in Chromium", () => {
  it("drops a __Host-Http- or __Http- cookie without HttpOnly, and keeps one with it", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${url}/raw`);
    expect((await context.cookies()).map((cookie) => cookie.name)).toEqual(["__Host-Http-good"]);
    await context.close();
  });

  it.each(["__Host-Http-sid", "__Http-sid", "__Host-sid"])(
    "keeps a session named %s, and sends it back",
    async (name) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const first = await page.goto(`${url}/session?name=${name}`);
      expect(await first?.json()).toEqual({ visits: 1 });
      const cookies = await context.cookies();
      expect(cookies.map((c) => [c.name, c.secure, c.httpOnly, c.path])).toEqual([
        [name, true, true, "/"],
      ]);
      expect(cookies[0]?.value).toMatch(/^Fe26\.2\*/);
      const second = await page.goto(`${url}/session?name=${name}`);
      expect(await second?.json()).toEqual({ visits: 2 });
      await context.close();
    },
  );

  it.each([
    ["production", "__Host-Http-prod"],
    ["development", "dev"],
  ])(
    "cookiePrefix in %s names the cookie %s on 127.0.0.1, and Chromium keeps it and sends it back",
    async (mode, name) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      expect(await (await page.goto(`${url}/prefixed?mode=${mode}`))?.json()).toEqual({
        visits: 1,
      });
      const cookies = await context.cookies();
      expect(cookies.map((c) => [c.name, c.secure, c.httpOnly, c.path, c.domain])).toEqual([
        [name, true, true, "/", "127.0.0.1"],
      ]);
      expect(await (await page.goto(`${url}/prefixed?mode=${mode}`))?.json()).toEqual({
        visits: 2,
      });
      await context.close();
    },
  );
});
