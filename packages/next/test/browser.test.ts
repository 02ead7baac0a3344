// The built Next.js app in a real Chromium: forms posting to server actions,
// the server component showing the session, the proxy in front of it.
import type { TestServer } from "@sealed-session/testing";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../../test-chromium.ts";
import { serveNext } from "./_app";

let browser: Browser;
let server: TestServer;
beforeAll(async () => {
  [browser, server] = await Promise.all([launchChromium(), serveNext()]);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("Next.js in Chromium", () => {
  it("signs in through a server action; the server component shows the session; an action changes it; signing out clears it", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/account`);
    expect(await page.textContent("#user")).toBe("nobody");
    await page.fill("#name", "ada");
    await page.click("#sign-in");
    await expect.poll(() => page.textContent("#user")).toBe("ada");
    const cookies = await context.cookies();
    expect(cookies.map((cookie) => [cookie.name, cookie.httpOnly, cookie.sameSite])).toEqual([
      ["app", true, "Lax"],
    ]);
    expect(cookies[0]?.value).toMatch(/^Fe26\.2\*/);
    await page.click("#visit");
    await expect.poll(() => page.textContent("#visits")).toBe("1");
    // A fresh load is rendered on the server from the cookie the browser kept.
    const html = await (await page.goto(`${server.url}/account`))?.text();
    expect(html).toMatch(/id="user">ada</);
    expect(html).toMatch(/id="visits">1</);
    await page.click("#sign-out");
    await expect.poll(() => page.textContent("#user")).toBe("nobody");
    expect(await context.cookies()).toEqual([]);
    await context.close();
  });
});
