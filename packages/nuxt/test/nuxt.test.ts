import { spawnSync } from "node:child_process";
import { CookieJar, describeRenderedSession, type TestServer } from "@sealed-session/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveNuxt, server as serverEntry } from "./_app";

let server: TestServer;
beforeAll(async () => {
  server = await serveNuxt();
});
afterAll(() => server?.close());

// An API route writes the session into runtimeConfig.session's cookie (sealedSession in
// nuxt.config.ts: the name, and cookie options over the secure defaults); an SSR page renders it.
describeRenderedSession("@sealed-session/nuxt in a built Nuxt 4.6 app", serveNuxt, {
  setCookie: /^app=Fe26\.2\*[^;]+; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Lax$/,
});

describe("@sealed-session/nuxt in a built Nuxt 4.6 app", () => {
  it("runs Nitro's documented form: the auto-imported useSession is this library's, and a floating update lands", async () => {
    const response = await server.fetch("/api/documented");
    const [cookie] = response.headers.getSetCookie();
    expect(cookie).toMatch(/^documented=Fe26\.2\*/);
    const jar = new CookieJar().take(response);
    const again = await server.fetch("/api/documented", { headers: { cookie: jar.header() } });
    expect((await again.json()).id).toBe((await response.json()).id);
  });

  it("refuses to start without a usable NUXT_SESSION_PASSWORD, saying how to fix it", () => {
    for (const [password, message] of [
      [undefined, /no password|ERR_PASSWORD_MISSING|password is required/i],
      ["too-short", /at least 32/],
      ["a".repeat(32), /one character repeated/],
      // A production build refuses a hand-made one too (issue 23).
      [
        "change-me-to-a-32-character-secret",
        /placeholder word "change-me"[\s\S]*ERR_PASSWORD_WEAK/,
      ],
    ] as const) {
      const env: Record<string, string | undefined> = {
        ...process.env,
        NUXT_SESSION_PASSWORD: password,
      };
      if (password === undefined) delete env.NUXT_SESSION_PASSWORD;
      const run = spawnSync(
        process.execPath,
        [
          "--input-type=module",
          "-e",
          `await import(${JSON.stringify(serverEntry)}); console.log("started");`,
        ],
        {
          env,
          encoding: "utf8",
          timeout: 30_000,
        },
      );
      expect(run.stdout).not.toContain("started");
      expect(run.status).not.toBe(0);
      expect(run.stderr).toMatch(message);
    }
  });
});
