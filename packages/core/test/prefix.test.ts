// cookiePrefix: the session cookie named __Host-<name> (or __Host-Http-<name>)
// with the attributes browsers require, checked at start-up; by its plain
// name on a development host outside production; adapters' defaults.
import { afterEach, describe, expect, it } from "vitest";
import { useSession } from "../src/adapter";
import { type SessionConfig, useWebSession } from "../src/index";
import { isProduction } from "../src/seal/environment";
import { isDevelopmentHost } from "../src/session/names";
import { codeOf, PASSWORD } from "./_helpers";

const NODE_ENV = process.env.NODE_ENV;
afterEach(() => {
  process.env.NODE_ENV = NODE_ENV;
});

/** The Set-Cookie a new session writes for a request to `url` under `config`. */
async function firstCookie(url: string, config: SessionConfig): Promise<string> {
  const session = await useWebSession(new Request(url), config);
  return session.applyTo(new Response(null)).headers.getSetCookie()[0] ?? "";
}

describe("cookiePrefix", () => {
  it("names the cookie __Host-<name> on a public host, Secure, Path=/, no Domain, and reads it back", async () => {
    const config = { password: PASSWORD, name: "sid", cookiePrefix: "__Host-" } as const;
    const cookie = await firstCookie("https://app.example/", config);
    expect(cookie).toMatch(/^__Host-sid=Fe26\.2\*[^;]+; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    const pair = cookie.split(";")[0] as string;
    const request = new Request("https://app.example/", { headers: { cookie: pair } });
    const session = await useWebSession(request, config);
    expect(session.applyTo(new Response(null)).headers.getSetCookie()).toEqual([]);
    // A header client's header keeps the plain name.
    const header = new Request("https://app.example/", {
      headers: { "x-sid-session": pair.slice(11) },
    });
    expect((await useWebSession(header, config)).id).toBe(session.id);
  });

  it("says how to turn the prefix off when it is what the attributes conflict with", async () => {
    const config = {
      password: PASSWORD,
      name: "sid",
      cookiePrefix: "__Host-",
      cookie: { secure: false },
    } as const;
    await expect(firstCookie("https://app.example/", config)).rejects.toThrow(
      /cookiePrefix: false/,
    );
  });

  it("__Host-Http- also requires HttpOnly; every attribute a browser would drop the cookie for fails at start-up", async () => {
    const base = { password: PASSWORD, name: "sid" };
    const http = await firstCookie("https://app.example/", {
      ...base,
      cookiePrefix: "__Host-Http-",
    });
    expect(http).toMatch(/^__Host-Http-sid=/);
    for (const config of [
      { ...base, cookiePrefix: "__Host-", cookie: { domain: "example.com" } },
      { ...base, cookiePrefix: "__Host-", cookie: { path: "/app" } },
      { ...base, cookiePrefix: "__Host-", cookie: { secure: false } },
      { ...base, cookiePrefix: "__Host-Http-", cookie: { httpOnly: false } },
      { ...base, name: "__Host-sid", cookiePrefix: "__Host-" },
      { ...base, cookiePrefix: "__Secure-" },
    ])
      await expect(
        firstCookie("https://app.example/", config as SessionConfig).catch(codeOf),
      ).resolves.toBe("ERR_OPTIONS_INVALID");
  });

  it("keeps the plain name on a development host outside production, and the prefix in production", async () => {
    for (const production of [false, true]) {
      process.env.NODE_ENV = production ? "production" : "development";
      // Another config (by value too): the environment is read when a config is resolved, once.
      const name = production ? "prod" : "dev";
      // A generated password: production refuses the hand-made test one.
      const config = {
        password: "8f3c1e9a7b2d4f6081a3c5e7092b4d6f",
        name,
        cookiePrefix: "__Host-",
      } as const;
      const local = await firstCookie("http://localhost:5173/", config);
      // The Web build cannot tell production (it reads no global): only the node build can.
      const prefixed = production && isProduction();
      expect(local.split("=")[0]).toBe(prefixed ? `__Host-${name}` : name);
      expect(await firstCookie("https://app.example/", config)).toMatch(/^__Host-/);
    }
  });

  it("tells development hosts from the rest", () => {
    for (const host of [
      "localhost",
      "localhost:3000",
      "127.0.0.1:8080",
      "[::1]:5173",
      "app.localhost",
      "LOCALHOST:1",
    ])
      expect(isDevelopmentHost(host)).toBe(true);
    for (const host of [
      "example.com",
      "localhost.example.com",
      "127.0.0.2",
      "[::2]",
      "",
      undefined,
      null,
    ])
      expect(isDevelopmentHost(host)).toBe(false);
  });
});

describe("an adapter's defaults", () => {
  const exchange = (host: string) => {
    const cookies: string[] = [];
    return {
      cookies,
      key: {},
      defaults: DEFAULTS,
      getRequestHeader: (name: string) => (name === "host" ? host : undefined),
      stage: (_: string, staged: { setCookies?: readonly string[] }) => {
        cookies.push(...(staged.setCookies ?? []));
      },
    };
  };
  const DEFAULTS = { cookiePrefix: "__Host-", bind: {} } as const;

  it("apply under every config, which may turn them off", async () => {
    const on = exchange("app.example");
    await useSession(on, { password: PASSWORD, name: "sid" });
    expect(on.cookies[0]).toMatch(/^__Host-sid=/);
    const off = exchange("app.example");
    await useSession(off, { password: PASSWORD, name: "sid", cookiePrefix: false });
    expect(off.cookies[0]).toMatch(/^sid=/);
  });
});
