// The demo in a real Chromium, for each framework: real cookie jar, real
// chunking, real Secure/SameSite handling.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { type AddressInfo, createServer } from "node:http";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../../test-chromium.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const artifacts = `${root}.artifacts/`;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

/** Starts `pnpm demo --framework <name>` on a random port; resolves to its URL. */
async function startDemo(
  framework: string,
  env: Record<string, string> = {},
): Promise<{ url: string; stop(): void; output(): string }> {
  const child: ChildProcess = spawn(process.execPath, ["src/main.mjs", "--framework", framework], {
    cwd: root,
    env: { ...process.env, PORT: "0", SESSION_PASSWORD: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  return await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the ${framework} demo did not start:\n${output}`)),
      15_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk;
      const url = /on (http:\/\/localhost:\d+)\//.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ url, stop: () => child.kill("SIGKILL"), output: () => output });
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) =>
      reject(new Error(`the ${framework} demo exited (${code}):\n${output}`)),
    );
  });
}

/** A page on another site (127.0.0.1, where the demo is localhost) that posts a form to `target` as it loads. */
async function serveAttacker(target: string): Promise<{ url: string; close(): Promise<void> }> {
  const html = `<!doctype html><form method="post" action="${target}"><input name="text" value="forged by another site"></form><script>document.forms[0].submit()</script>`;
  const server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe.each(["h3", "hono", "express"])("demo served by %s, in Chromium", (framework) => {
  let demo: Awaited<ReturnType<typeof startDemo>>;
  let context: BrowserContext;
  let page: Page;
  const serverErrors: number[] = [];

  beforeAll(async () => {
    demo = await startDemo(framework);
    context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    page = await context.newPage();
    page.on("response", (response) => {
      if (response.status() >= 500) serverErrors.push(response.status());
    });
  }, 30_000);
  afterAll(async () => {
    await context?.close();
    demo?.stop();
    expect(serverErrors).toEqual([]);
  });

  // Waits for the document the form's response leads to (the 303's target, or an error page).
  const submit = async (selector: string) => {
    await Promise.all([page.waitForEvent("load"), page.click(selector)]);
  };
  const sessionCookies = async () =>
    (await context.cookies()).filter((c) => c.name === "demo" || /^demo\.\d+$/.test(c.name));
  const visits = async () => Number(await page.textContent("#visits"));

  it("starts signed out, served by the right framework, with a Secure HttpOnly Lax cookie", async () => {
    await page.goto(`${demo.url}/`);
    expect(await page.textContent("#framework")).toBe(`served by ${framework}`);
    expect(await page.textContent("#status")).toContain("Signed out.");
    const [cookie] = await sessionCookies();
    expect(cookie).toMatchObject({
      name: "demo",
      httpOnly: true,
      secure: true,
      sameSite: "Lax",
      path: "/",
    });
  });

  it("signs in with a new session id and shows the flash once", async () => {
    const before = JSON.parse((await page.textContent("#session")) ?? "{}").id;
    await page.fill("#name", "Ada");
    await submit("#sign-in");
    expect(await page.textContent("#user")).toBe("Ada");
    expect(await page.textContent("#notice")).toContain("Signed in as Ada");
    expect(JSON.parse((await page.textContent("#session")) ?? "{}").id).not.toBe(before);
    await page.reload();
    expect(await page.locator("#notice").count()).toBe(0);
  });

  it("keeps the session across reloads, and the counter increments per request", async () => {
    const first = await visits();
    await page.reload();
    expect(await visits()).toBe(first + 1);
    await page.reload();
    expect(await visits()).toBe(first + 2);
    expect(await page.textContent("#user")).toBe("Ada");
  });

  it("keeps notes large enough for 3+ chunks across a reload", async () => {
    for (let i = 0; i < 4; i++) await submit("#add-big-note");
    await page.reload();
    expect(await page.locator("#notes li").count()).toBe(4);
    const names = (await sessionCookies()).map((c) => c.name).sort();
    expect(names.length).toBeGreaterThanOrEqual(4);
    expect(names).toEqual(["demo", ...names.filter((n) => n !== "demo")]);
    expect(await page.textContent("#cookie-count")).toMatch(/\((3|4|5) chunks\)/);
    await page.screenshot({ path: `${artifacts}demo-${framework}.png`, fullPage: true });
  });

  it("refuses a session too large for the browser with a clear error, keeping the old one", async () => {
    for (let i = 0; i < 4; i++) await submit("#add-big-note");
    expect(await page.textContent("#error")).toContain("over maxSize (14336)");
    await page.goto(`${demo.url}/`);
    expect(await page.textContent("#user")).toBe("Ada");
  });

  it("signs out, removing the main cookie and every chunk from the jar", async () => {
    const before = await sessionCookies();
    expect(before.length).toBeGreaterThanOrEqual(4);
    const oldId = JSON.parse((await page.textContent("#session")) ?? "{}").id;
    // The sign-out response itself expires the main cookie and every chunk…
    const [logout] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith("/logout")),
      submit("#sign-out"),
    ]);
    const expired = (await logout.headerValues("set-cookie"))
      .filter((c) => /Max-Age=0/.test(c))
      .map((c) => c.slice(0, c.indexOf("=")));
    expect(expired.sort()).toEqual(before.map((c) => c.name).sort());
    // …and the page it redirects to starts a new, small session: one new cookie, no chunks.
    expect(await page.textContent("#status")).toContain("Signed out.");
    const after = await sessionCookies();
    expect(after.map((c) => c.name)).toEqual(["demo"]);
    expect(after[0]?.value).not.toBe(before.find((c) => c.name === "demo")?.value);
    expect(JSON.parse((await page.textContent("#session")) ?? "{}").id).not.toBe(oldId);
  });

  it("signs out everywhere: another browser signed in as the same user is signed out on its next request", async () => {
    const phone = await browser.newContext();
    const phonePage = await phone.newPage();
    try {
      for (const p of [page, phonePage]) {
        await p.goto(demo.url);
        await p.fill("#name", "everywhere");
        await Promise.all([p.waitForEvent("load"), p.click("#sign-in")]);
        expect(await p.textContent("#user")).toBe("everywhere");
      }
      await submit("#sign-out-everywhere");
      expect(await page.textContent("#status")).toContain("Signed out");
      await phonePage.reload();
      expect(await phonePage.textContent("#status")).toContain("Signed out");
    } finally {
      await phone.close();
    }
  });

  it("refuses a form posted from another site, and one of this site without its token (CSRF), keeping the notes", async () => {
    await page.goto(`${demo.url}/`);
    const notes = await page.locator("#notes li").count();
    // Another site: the demo is http://localhost:<port>, this page http://127.0.0.1:<port>.
    const evil = await serveAttacker(`${demo.url}/note`);
    try {
      const [forged] = await Promise.all([
        page.waitForResponse((r) => r.url() === `${demo.url}/note`),
        page.goto(evil.url),
      ]);
      expect(forged.status()).toBe(403);
      expect(await forged.request().headerValue("sec-fetch-site")).toBe("cross-site");
    } finally {
      await evil.close();
    }
    // This site's own form, its token taken out before it is sent.
    await page.goto(`${demo.url}/`);
    await page
      .locator('form[action="/note"] input[name="_csrf"]')
      .evaluate((input) => input.remove());
    await page.fill("#note-text", "posted without the token");
    const [bare] = await Promise.all([
      page.waitForResponse((r) => r.url() === `${demo.url}/note`),
      page.click("#add-note"),
    ]);
    expect(bare.status()).toBe(403);
    // The same form with its token goes through.
    await page.goto(`${demo.url}/`);
    expect(await page.locator("#notes li").count()).toBe(notes);
    await page.fill("#note-text", "posted with the token");
    await submit("#add-note");
    expect(await page.locator("#notes li").count()).toBe(notes + 1);
  });

  it("a cookie tampered in the jar gives a fresh, signed-out session and no server error", async () => {
    await page.fill("#name", "Grace");
    await submit("#sign-in");
    const [cookie] = await sessionCookies();
    if (!cookie) throw new Error("no session cookie");
    const tampered = cookie.value.slice(0, -3) + (cookie.value.endsWith("AAA") ? "BBB" : "AAA");
    await context.addCookies([{ ...cookie, value: tampered }]);
    const response = await page.reload();
    expect(response?.status()).toBe(200);
    expect(await page.textContent("#status")).toContain("Signed out.");
  });
});

describe.each(["h3", "hono", "express"])(
  "demo in store mode, served by %s, in Chromium",
  (framework) => {
    let demo: Awaited<ReturnType<typeof startDemo>>;

    beforeAll(async () => {
      demo = await startDemo(framework, { SESSION_MODE: "store" });
    }, 30_000);
    afterAll(() => demo?.stop());

    it("lists the browsers signed in as the user and signs one out; sign out everywhere ends the rest", async () => {
      const contexts = await Promise.all([
        browser.newContext(),
        browser.newContext(),
        browser.newContext(),
      ]);
      try {
        const [laptop, phone, tablet] = await Promise.all(
          contexts.map((context) => context.newPage()),
        );
        for (const p of [laptop, phone, tablet] as Page[]) {
          await p.goto(demo.url);
          await p.fill("#name", "store-user");
          await Promise.all([p.waitForEvent("load"), p.click("#sign-in")]);
        }
        const laptopPage = laptop as Page;
        await laptopPage.reload();
        expect(await laptopPage.locator("#devices li").count()).toBe(3);
        // The laptop signs the first other browser out.
        await Promise.all([
          laptopPage.waitForEvent("load"),
          laptopPage.locator("#devices .forget").first().click(),
        ]);
        expect(await laptopPage.locator("#devices li").count()).toBe(2);
        const statuses = await Promise.all(
          [phone, tablet].map(async (p) => {
            await (p as Page).reload();
            return (await (p as Page).textContent("#status")) ?? "";
          }),
        );
        expect(statuses.filter((text) => text.includes("Signed out"))).toHaveLength(1);
        // Sign out everywhere from the laptop ends the remaining one too.
        await Promise.all([
          laptopPage.waitForEvent("load"),
          laptopPage.click("#sign-out-everywhere"),
        ]);
        for (const p of [phone, tablet] as Page[]) {
          await p.reload();
          expect(await p.textContent("#status")).toContain("Signed out");
        }
      } finally {
        await Promise.all(contexts.map((context) => context.close()));
      }
    });
  },
);
