// The README's way off @fastify/secure-session, run as written: for a
// transition, both plugins read the same `session` cookie; a user who comes
// back with the old cookie gets its data in a sealed session of ours, and the
// old cookie is replaced by ours in the same response.
import { randomBytes } from "node:crypto";
import secureSession from "@fastify/secure-session";
import { CookieJar } from "@sealed-session/testing";
import Fastify, { type FastifyRequest } from "fastify";
import { describe, expect, it } from "vitest";
import { session } from "../src/index";

const key = randomBytes(32);
const password = "fastify-migration-test-password-0123456789";

// @fastify/secure-session's session, which this package's own declaration of request.session hides.
interface SecureSession {
  data(): Record<string, unknown> | undefined;
  set(key: string, value: unknown): void;
}
type Legacy = FastifyRequest & { legacy: SecureSession };

async function oldApp() {
  const app = Fastify();
  await app.register(secureSession, { key, cookie: { path: "/" } });
  app.post("/login", (request) => {
    const old = request.session as unknown as SecureSession;
    old.set("user", "ada");
    old.set("cart", [1, 2]);
    return { ok: true };
  });
  return app;
}

async function transitionApp(reports: string[]) {
  const app = Fastify();
  // The old plugin moves off request.session; it still reads the `session` cookie.
  await app.register(secureSession, {
    key,
    sessionName: "legacy",
    cookieName: "session",
    cookie: { path: "/" },
  });
  await app.register(session, { password, onError: (error) => reports.push(error.code) });
  app.addHook("preHandler", async (request) => {
    const old = (request as Legacy).legacy.data();
    if (old && Object.keys(request.session.data).length === 0)
      Object.assign(request.session.data, old);
  });
  app.get("/me", (request) => request.session.data);
  return app;
}

describe("moving from @fastify/secure-session 8", () => {
  it("carries the old session's data over and replaces its cookie, once", async () => {
    const old = await oldApp();
    const login = await old.inject({ method: "POST", url: "/login" });
    // The Set-Cookie line as sent: the secretbox `ciphertext;nonce`, its `;` URL-encoded.
    const line = String(login.headers["set-cookie"]);
    expect(line).toMatch(/^session=[^;]+%3B/);
    const jar = new CookieJar();
    jar.set("session", line.slice("session=".length, line.indexOf(";")));

    const reports: string[] = [];
    const app = await transitionApp(reports);
    const first = await app.inject({ url: "/me", headers: { cookie: jar.header() } });
    expect(first.json()).toEqual({ user: "ada", cart: [1, 2] });
    const written = first.cookies.filter((cookie) => cookie.name === "session");
    expect(written).toHaveLength(1);
    expect(written[0]?.value).toMatch(/^Fe26\.2\*/);
    // Our side saw a cookie it cannot unseal: reported, then a fresh session.
    expect(reports).toHaveLength(1);
    jar.set("session", written[0]?.value ?? "");

    const second = await app.inject({ url: "/me", headers: { cookie: jar.header() } });
    expect(second.json()).toEqual({ user: "ada", cart: [1, 2] });
    expect(second.cookies).toEqual([]);
    expect(reports).toHaveLength(1);
    await Promise.all([old.close(), app.close()]);
  });
});
