// What happens to the cookies of the libraries the README migrates from.
import { useSession as honoSession } from "@hono/session";
import { Hono } from "hono";
import { CookieStore, sessionMiddleware } from "hono-sessions";
import { describe, expect, it } from "vitest";
import { session } from "../src/index";

const password = "migration-test-password-0123456789abcdef";

function ours(errors: string[], name = "session") {
  return new Hono()
    .use(session({ password, name, onError: (error) => errors.push(error.code) }))
    .get("/", (c) => c.json({ data: c.var.session.data }));
}

const pairs = (response: Response) =>
  response.headers
    .getSetCookie()
    .map((c) => c.slice(0, c.indexOf(";")))
    .join("; ");

describe("switching from hono-sessions (CookieStore)", () => {
  it("its cookie is refused (ERR_SESSION_INVALID) and the visitor gets a fresh session, not an error", async () => {
    const old = new Hono<{ Variables: { session: { set(k: string, v: unknown): void } } }>()
      .use(
        sessionMiddleware({
          store: new CookieStore(),
          encryptionKey: password,
          expireAfterSeconds: 900,
          cookieOptions: { path: "/" },
        }),
      )
      .get("/", (c) => {
        c.get("session").set("user", "ada");
        return c.text("ok");
      });
    const cookie = pairs(await old.request("/"));
    expect(cookie).toMatch(/^session=Fe26\.2\*/);
    const errors: string[] = [];
    const response = await ours(errors).request("/", { headers: { cookie } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: {} });
    expect(errors).toEqual(["ERR_SESSION_INVALID"]);
  });
});

describe("switching from @hono/session", () => {
  it("its JWE cookie is refused (ERR_SEAL_MALFORMED) and the visitor gets a fresh session", async () => {
    const secret = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    const old = new Hono().use(honoSession({ secret })).get("/", async (c) => {
      await (c.var as { session: { update(data: object): Promise<void> } }).session.update({
        user: "ada",
      });
      return c.text("ok");
    });
    const response = await old.request("/");
    const cookie = pairs(response);
    const [name] = cookie.split("=");
    expect(cookie.length).toBeGreaterThan(20);
    const errors: string[] = [];
    const read = await ours(errors, name).request("/", { headers: { cookie } });
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual({ data: {} });
    expect(errors).toEqual(["ERR_SEAL_MALFORMED"]);
  });
});
