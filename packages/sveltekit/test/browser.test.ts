// The built SvelteKit app in a real Chromium, hydrated: a form with
// use:enhance posts to an action, its redirect re-runs the load, and the page
// shows who signed in; signing out clears it.
import { freePort, type TestServer } from "@sealed-session/testing";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../../test-chromium.ts";
import { serveKit } from "./_app";

let browser: Browser;
let server: TestServer;
beforeAll(async () => {
  // adapter-node takes its origin from ORIGIN, read when the build loads: the
  // browser's origin, so Kit's cross-site check lets the app's own forms through.
  const port = await freePort();
  [browser, server] = await Promise.all([
    launchChromium(),
    serveKit(undefined, { port, origin: `http://127.0.0.1:${port}` }),
  ]);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("SvelteKit in Chromium", () => {
  it("signs in through an enhanced form action, keeps the sealed cookie, renders it on the server, signs out", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.waitForFunction(() => document.body.dataset.hydrated === "true");
    await page.fill('input[name="user"]', "ada");
    await page.click('button[type="submit"]');
    await expect.poll(() => page.textContent("#user")).toBe("ada");
    const cookies = await context.cookies();
    expect(cookies.map((cookie) => [cookie.name, cookie.httpOnly, cookie.sameSite])).toEqual([
      ["app", true, "Lax"],
    ]);
    expect(cookies[0]?.value).toMatch(/^Fe26\.2\*/);
    expect(await (await page.goto(`${server.url}/`))?.text()).toMatch(/id="user">ada</);
    await page.waitForFunction(() => document.body.dataset.hydrated === "true");
    await page.click("#sign-out");
    await expect.poll(() => page.textContent("#user")).toBe("");
    expect(await (await page.goto(`${server.url}/`))?.text()).toMatch(/id="user"><\/p>/);
    await context.close();
  });
});
