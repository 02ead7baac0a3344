// tokens from elsewhere: its routes and its tests.
import { seal } from "@sealed-session/core/seal";
import { describe, expect, it } from "vitest";
import { CookieJar } from "../jar";
import type { Area } from "../kit";

export const tokensArea: Area = {
  routes: {},
  tests: ({ client, json, cookiesOf, record, secrets, sessionName }) => {
    describe("tokens from elsewhere", () => {
      const legacy = { encryption: { iterations: 1 }, integrity: { iterations: 1 } };

      it("accepts a 1-iteration legacy token and reseals it at 8192", async () => {
        const c = client(
          new CookieJar().set(
            sessionName,
            await seal(record({ id: "legacy" }), secrets.password, legacy),
          ),
        );
        const response = await c.request("/use");
        expect((await json(response)).id).toBe("legacy");
        expect(cookiesOf(response)).toHaveLength(1);
        const resealed = await client(
          new CookieJar().set(sessionName, c.jar.get(sessionName) ?? ""),
        ).request("/use?config=strict");
        expect((await json(resealed)).id).toBe("legacy");
      });

      it("refuses legacy tokens with legacySealFallback: false", async () => {
        const c = client(
          new CookieJar().set(
            sessionName,
            await seal(record({ id: "legacy" }), secrets.password, legacy),
          ),
        );
        expect((await json(await c.request("/use?config=strict"))).id).not.toBe("legacy");
      });

      it("accepts a token of an older password id and reseals it with the current one", async () => {
        const old = await seal(record({ id: "rotated" }), { id: "1", secret: secrets.oldPassword });
        const c = client(new CookieJar().set(sessionName, old));
        const response = await c.request("/use?config=rotation");
        expect((await json(response)).id).toBe("rotated");
        expect(c.jar.get(sessionName)?.split("*")[1]).toBe("2");
      });

      it("reads h3-style chunked cookies", async () => {
        const token = await seal(
          record({ id: "chunked", data: { blob: "y".repeat(3000) } }),
          secrets.password,
        );
        const half = Math.ceil(token.length / 2);
        const jar = new CookieJar()
          .set(sessionName, "__chunked__2")
          .set(`${sessionName}.1`, token.slice(0, half))
          .set(`${sessionName}.2`, token.slice(half));
        expect((await json(await client(jar).request("/use"))).id).toBe("chunked");
      });
    });
  },
};
