// useSession(): its routes and its tests.
import { seal } from "@sealed-session/core/seal";
import { describe, expect, it } from "vitest";
import { CookieJar } from "../jar";
import { type Area, randomSecret, view } from "../kit";

export const useSessionArea: Area = {
  routes: {
    "/concurrent": async (ctx, config) =>
      (await Promise.all([1, 2, 3].map(() => ctx.useSession(config)))).map(view),
    "/get": async (ctx, config) => await ctx.getSession(config),
  },
  tests: ({ client, json, cookiesOf, record, errors, secrets, sessionName }) => {
    describe("useSession()", () => {
      it("starts a session and seals it into Set-Cookie at once, with the secure defaults", async () => {
        const response = await client().request("/use");
        expect(response.status).toBe(200);
        const [cookie, ...rest] = cookiesOf(response);
        expect(rest).toEqual([]);
        expect(cookie).toMatch(new RegExp(`^${sessionName}=Fe26\\.2\\*`));
        for (const attribute of ["Path=/", "HttpOnly", "Secure", "SameSite=Lax"])
          expect(cookie).toContain(attribute);
        const body = await json(response);
        expect(body.id).toMatch(/^[0-9a-f-]{36}$/);
        expect(body.data).toEqual({});
      });

      it("reads the same session back from the cookie, writing nothing when nothing changed", async () => {
        const c = client();
        const first = await json(await c.request("/use"));
        const second = await c.request("/use");
        expect((await json(second)).id).toBe(first.id);
        expect(cookiesOf(second)).toEqual([]);
      });

      it("shares one load and one session between concurrent calls in a request", async () => {
        const c = client();
        const created = await json(await c.request("/update", { body: { n: 1 } }));
        const response = await c.request("/concurrent");
        const sessions = (await response.json()) as Array<{ id: string; data: unknown }>;
        expect(sessions.map((s) => s.id)).toEqual([created.id, created.id, created.id]);
        expect(cookiesOf(response)).toEqual([]);
        const fresh = await client().request("/concurrent");
        const ids = new Set(((await fresh.json()) as Array<{ id: string }>).map((s) => s.id));
        expect(ids.size).toBe(1);
        expect(cookiesOf(fresh)).toHaveLength(1);
      });

      it("reads the x-<name>-session header before the cookie", async () => {
        const fromHeader = await seal(record({ id: "from-header" }), secrets.password);
        const fromCookie = await seal(record({ id: "from-cookie" }), secrets.password);
        const c = client(new CookieJar().set(sessionName, fromCookie));
        const body = await json(
          await c.request("/use", { headers: { [`x-${sessionName}-session`]: fromHeader } }),
        );
        expect(body.id).toBe("from-header");
        expect((await json(await c.request("/use"))).id).toBe("from-cookie");
      });

      it("gives a fresh session, never an error, for a forged, truncated, garbage, foreign or wrongly keyed token", async () => {
        const genuine = await seal(record(), secrets.password);
        const cases: Array<[string, string, string]> = [
          ["forged", `${genuine.slice(0, -4)}AAAA`, "base"],
          ["truncated", genuine.slice(0, genuine.length / 2), "base"],
          ["garbage", "not-a-token", "base"],
          ["foreign", await seal(record(), randomSecret()), "base"],
          ["unknown key", await seal(record(), { id: "9", secret: secrets.password }), "rotation"],
          ["not a record", await seal({ hello: "world" }, secrets.password), "base"],
        ];
        errors.length = 0;
        for (const [label, token, config] of cases) {
          const response = await client(new CookieJar().set(sessionName, token)).request(
            `/use?config=${config}`,
          );
          expect([label, response.status]).toEqual([label, 200]);
          const body = await json(response);
          expect([label, body.data]).toEqual([label, {}]);
          expect(body.id).not.toMatch(/^crafted-/);
        }
        expect(errors.map((e) => e.code)).toEqual([
          "ERR_SEAL_MAC",
          "ERR_SEAL_MALFORMED",
          "ERR_SEAL_MALFORMED",
          "ERR_SEAL_MAC",
          "ERR_SEAL_UNKNOWN_KEY",
          "ERR_SESSION_INVALID",
        ]);
      });

      it("a lazy session sends nothing until data is first written", async () => {
        const c = client();
        const first = await c.request("/use?config=lazy");
        expect(cookiesOf(first)).toEqual([]);
        const written = await c.request("/update?config=lazy", { body: { now: "written" } });
        expect(cookiesOf(written)).toHaveLength(1);
        expect((await json(await c.request("/use?config=lazy"))).data).toEqual({ now: "written" });
      });

      it("getSession() reads the record without sealing a new session", async () => {
        const fresh = await client().request("/get");
        expect(cookiesOf(fresh)).toEqual([]);
        expect((await json(fresh)).data).toEqual({});
        const c = client();
        const created = await json(await c.request("/update", { body: { a: 1 } }));
        expect(await json(await c.request("/get"))).toMatchObject({
          id: created.id,
          data: { a: 1 },
        });
      });

      it("keeps sessions of different names apart", async () => {
        const c = client();
        await c.request("/update", { body: { which: "default" } });
        await c.request("/update?config=named", { body: { which: "second" } });
        expect(c.jar.names()).toEqual([sessionName, "second"].sort());
        expect((await json(await c.request("/use"))).data).toEqual({ which: "default" });
        expect((await json(await c.request("/use?config=named"))).data).toEqual({
          which: "second",
        });
      });
    });
  },
};
