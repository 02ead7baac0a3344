// The built SolidStart app: an API route writes the session, the page renders
// it on the server, and in Chromium a form posts to server actions.
import { describeRenderedSession, type TestServer } from "@sealed-session/testing";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../../test-chromium.ts";
import { serveSolid } from "./_app";

let server: TestServer;
let browser: Browser;
beforeAll(async () => {
  [browser, server] = await Promise.all([launchChromium(), serveSolid()]);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const text = (html: string, id: string) => html.match(new RegExp(`id="${id}"[^>]*>([^<]*)<`))?.[1];

// An API route writes the session; the page renders it on the server from the cookie.
describeRenderedSession("@sealed-session/h3 in a built SolidStart 2 app", serveSolid, {
  setCookie: /^app=Fe26\.2\*[^;]+; Path=\/; HttpOnly; SameSite=Lax$/,
});

describe("@sealed-session/h3 in a built SolidStart 2 app, in Chromium", () => {
  it("in Chromium: a form posts to a server action; the SSR page shows the session; signing out clears it", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.fill('input[name="user"]', "grace");
    await page.click('button[type="submit"]');
    await expect.poll(() => page.textContent("#user")).toBe("grace");
    const cookies = await context.cookies();
    expect(cookies.map((cookie) => [cookie.name, cookie.httpOnly, cookie.sameSite])).toEqual([
      ["app", true, "Lax"],
    ]);
    const signedIn = cookies[0]?.value;
    const html = await (await page.goto(`${server.url}/`))?.text();
    expect(text(html ?? "", "user")).toBe("grace");
    await page.click("#sign-out");
    await expect.poll(() => page.textContent("#user")).toBe("");
    // The page that follows starts a new, empty session in its place (sessions here are not lazy).
    const after = (await context.cookies()).find((cookie) => cookie.name === "app")?.value;
    expect(after).not.toBe(signedIn);
    const fresh = await server.fetch("/", { headers: { cookie: `app=${after}` } });
    expect(text(await fresh.text(), "user")).toBe("");
    await context.close();
  });
});
