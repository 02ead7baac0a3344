// The built Nuxt app in a real Chromium: a form posts to an API route, and the
// page, rendered on the server from the session, shows who signed in.
import type { TestServer } from "@sealed-session/testing";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../../test-chromium.ts";
import { serveNuxt } from "./_app";

let browser: Browser;
let server: TestServer;
beforeAll(async () => {
  [browser, server] = await Promise.all([launchChromium(), serveNuxt()]);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("Nuxt in Chromium", () => {
  it("signs in through a form post; the SSR page shows the session; signing out clears it", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    expect(await page.textContent("#user")).toBe("");
    await page.fill('input[name="user"]', "grace");
    // The post answers 303 to "/": the browser follows it and Nuxt renders the page from the new cookie.
    const [rendered] = await Promise.all([
      page.waitForResponse(`${server.url}/`),
      page.click('button[type="submit"]'),
    ]);
    const html = await rendered.text();
    expect(html).toMatch(/id="user">grace</);
    expect(html).toMatch(/id="visits">1</);
    const cookies = await context.cookies();
    expect(cookies.map((cookie) => [cookie.name, cookie.httpOnly, cookie.sameSite])).toEqual([
      ["app", true, "Lax"],
    ]);
    expect(cookies[0]?.value).toMatch(/^Fe26\.2\*/);
    const [signedOut] = await Promise.all([
      page.waitForResponse(`${server.url}/`),
      page.click("#sign-out"),
    ]);
    expect(await signedOut.text()).toMatch(/id="user"><\/p>/);
    expect((await context.cookies()).map((cookie) => cookie.name)).toEqual([]);
    await context.close();
  });
});
