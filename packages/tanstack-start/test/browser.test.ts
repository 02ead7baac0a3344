// The built Start app in a real Chromium: a form posts to a server function,
// and the page, rendered on the server from the session, shows who signed in.

import type { TestServer } from "@sealed-session/testing";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../../test-chromium.ts";
import { serveStart } from "./_app";

let browser: Browser;
let server: TestServer;
beforeAll(async () => {
  [browser, server] = await Promise.all([launchChromium(), serveStart()]);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("TanStack Start in Chromium", () => {
  it("signs in through a form posting to a server function; the SSR page shows the session; signing out clears it", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.fill('input[name="user"]', "ada");
    await page.click('button[type="submit"]');
    await expect.poll(() => page.textContent("#user")).toBe("ada");
    // The browser kept the sealed cookie, and a fresh load is rendered from it on the server.
    const cookies = await context.cookies();
    expect(cookies.map((cookie) => [cookie.name, cookie.httpOnly, cookie.sameSite])).toEqual([
      ["app", true, "Lax"],
    ]);
    expect(cookies[0]?.value).toMatch(/^Fe26\.2\*/);
    const html = await (await page.goto(`${server.url}/`))?.text();
    expect(html).toMatch(/id="user">ada</);
    expect(html).toMatch(/id="visits">1</);
    await page.click("#sign-out");
    await expect.poll(() => page.textContent("#user")).toBe("");
    expect(await (await page.goto(`${server.url}/`))?.text()).toMatch(/id="user"><\/p>/);
    await context.close();
  });
});
