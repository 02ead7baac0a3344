// expiry: its routes and its tests.
import { seal } from "@sealed-session/core/seal";
import { describe, expect, it } from "vitest";
import { CookieJar } from "../jar";
import type { Area } from "../kit";

export const expiryArea: Area = {
  routes: {},
  tests: ({ client, json, cookiesOf, record, errors, secrets, sessionName }) => {
    describe("expiry", () => {
      it("maxAge: a session older than maxAge is replaced by a fresh one; Expires is createdAt + maxAge", async () => {
        errors.length = 0;
        const old = await seal(record({ createdAt: Date.now() - 61_000 }), secrets.password);
        const body = await json(
          await client(new CookieJar().set(sessionName, old)).request("/use?config=maxAge"),
        );
        expect(body.data).toEqual({});
        expect(errors.map((e) => e.code)).toEqual(["ERR_SESSION_EXPIRED"]);
        const c = client();
        const response = await c.request("/use?config=maxAge");
        const created = await json(response);
        const expires = Date.parse(/Expires=([^;]+)/.exec(cookiesOf(response)[0] ?? "")?.[1] ?? "");
        expect(Math.abs(expires - (created.createdAt + 60_000))).toBeLessThan(1000);
      });

      it("idleTimeout: reseals past half the window, not before, and expires after it", async () => {
        const recent = await seal(record({ lastSeenAt: Date.now() - 10_000 }), secrets.password);
        const quiet = await client(new CookieJar().set(sessionName, recent)).request(
          "/use?config=idle",
        );
        expect(cookiesOf(quiet)).toEqual([]);
        const halfway = await seal(record({ lastSeenAt: Date.now() - 40_000 }), secrets.password);
        const slid = await client(new CookieJar().set(sessionName, halfway)).request(
          "/use?config=idle",
        );
        expect((await json(slid)).data).toEqual({ crafted: true });
        const [cookie] = cookiesOf(slid);
        const expires = Date.parse(/Expires=([^;]+)/.exec(cookie ?? "")?.[1] ?? "");
        expect(Math.abs(expires - (Date.now() + 60_000))).toBeLessThan(2000);
        errors.length = 0;
        const idle = await seal(record({ lastSeenAt: Date.now() - 61_000 }), secrets.password);
        expect(
          (
            await json(
              await client(new CookieJar().set(sessionName, idle)).request("/use?config=idle"),
            )
          ).data,
        ).toEqual({});
        expect(errors.map((e) => e.code)).toEqual(["ERR_SESSION_EXPIRED"]);
      });
    });
  },
};
