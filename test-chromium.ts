import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * A headless Chromium for the built-app packages' browser tests: the system's
 * (`apt-get install chromium`, or CHROMIUM_PATH), driven by playwright-core.
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(executablePath)) {
    throw new Error(
      `No Chromium at ${executablePath}: install it (apt-get install chromium) or set CHROMIUM_PATH.`,
    );
  }
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}

/** What differs in the shared sign-in flow between built apps. */
export interface SignInFlowOptions {
  /** Wait for the client (`document.body.dataset.hydrated === "true"`) before each click. */
  readonly hydrated?: boolean;
  /** More the page rendered after sign-in must show (beyond `id="user">ada<`). */
  readonly rendered?: readonly RegExp[];
}

/**
 * The sign-in flow of the built-app browser tests, in one test: the app's
 * form with a `user` field signs in and the page shows it (`#user`); the
 * browser keeps one sealed `HttpOnly; SameSite=Lax` cookie named `app`; a
 * fresh load is rendered from it on the server; `#sign-out` clears it.
 * `start` serves the app (on 127.0.0.1) beside a Chromium.
 */
export function describeSignInFlow(
  name: string,
  title: string,
  start: () => Promise<{ readonly url: string; close(): Promise<void> }>,
  options: SignInFlowOptions = {},
): void {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => {
    [browser, server] = await Promise.all([launchChromium(), start()]);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  describe(name, () => {
    it(title, async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const hydrated = () =>
        options.hydrated
          ? page.waitForFunction(() => document.body.dataset.hydrated === "true")
          : Promise.resolve();
      await page.goto(`${server.url}/`);
      await hydrated();
      await page.fill('input[name="user"]', "ada");
      await page.click('button[type="submit"]');
      await expect.poll(() => page.textContent("#user")).toBe("ada");
      const cookies = await context.cookies();
      expect(cookies.map((cookie) => [cookie.name, cookie.httpOnly, cookie.sameSite])).toEqual([
        ["app", true, "Lax"],
      ]);
      expect(cookies[0]?.value).toMatch(/^Fe26\.2\*/);
      const html = await (await page.goto(`${server.url}/`))?.text();
      for (const pattern of [/id="user">ada</, ...(options.rendered ?? [])])
        expect(html).toMatch(pattern);
      await hydrated();
      await page.click("#sign-out");
      await expect.poll(() => page.textContent("#user")).toBe("");
      expect(await (await page.goto(`${server.url}/`))?.text()).toMatch(/id="user"><\/p>/);
      await context.close();
    });
  });
}
