// The built React Router app in a real Chromium, hydrated: a <Form> posts to
// an action (a single-fetch request), the redirect it throws re-runs the
// loader, and the page shows who signed in; signing out clears it.
import type { TestServer } from "@sealed-session/testing";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../../test-chromium.ts";
import { serveApp } from "./_app";

let browser: Browser;
let server: TestServer;
beforeAll(async () => {
  [browser, server] = await Promise.all([launchChromium(), serveApp()]);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("React Router in Chromium", () => {
  it("signs in through a <Form> action, keeps the sealed cookie, renders it on the server, signs out", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    // Hydrated: React Router's client runs, so the form posts with fetch (a .data request).
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
