// update(): its routes and its tests.
import { seal } from "@sealed-session/core/seal";
import { describe, expect, it } from "vitest";
import { CookieJar } from "../jar";
import { type Area, view } from "../kit";

export const updateArea: Area = {
  routes: {
    "/update-twice": async (ctx, config) => {
      const session = await ctx.useSession(config);
      await session.update({ first: 1 });
      await session.update({ second: 2 });
      return view(session);
    },
    "/update-concurrent": async (ctx, config) => {
      const session = await ctx.useSession(config);
      await Promise.all([
        session.update({ a: 1 }),
        session.update({ b: 2 }),
        ctx.updateSession(config, { c: 3 }),
      ]);
      return view(session);
    },
  },
  tests: ({ client, json, cookiesOf, record, errors, secrets, sessionName }) => {
    describe("update()", () => {
      it("merges a patch, reseals, and the next request reads it", async () => {
        const c = client();
        const created = await json(await c.request("/update", { body: { a: 1 } }));
        const updated = await json(await c.request("/update", { body: { b: 2 } }));
        expect(updated).toMatchObject({ id: created.id, data: { a: 1, b: 2 } });
        expect((await json(await c.request("/use"))).data).toEqual({ a: 1, b: 2 });
      });

      it("applies a function to the data", async () => {
        const c = client();
        await c.request("/update-fn");
        expect((await json(await c.request("/update-fn"))).data).toEqual({ count: 2 });
      });

      it("a later write in the same response replaces the earlier Set-Cookie", async () => {
        const c = client();
        const response = await c.request("/update-twice");
        expect(cookiesOf(response)).toHaveLength(1);
        expect((await json(await c.request("/use"))).data).toEqual({ first: 1, second: 2 });
      });

      it("concurrent updates in one request all land", async () => {
        const c = client();
        const response = await c.request("/update-concurrent");
        expect(cookiesOf(response)).toHaveLength(1);
        expect((await json(await c.request("/use"))).data).toEqual({ a: 1, b: 2, c: 3 });
      });

      it("rejects data that fails the schema before sealing anything; a stored session that fails it is dropped", async () => {
        const c = client();
        await c.request("/update?config=schema", { body: { count: 1 } });
        const before = c.jar.get(sessionName);
        const refused = await c.request("/try-update?config=schema", { body: { count: "many" } });
        expect(await json(refused)).toEqual({ error: "ERR_SESSION_SCHEMA" });
        expect(cookiesOf(refused)).toEqual([]);
        expect(c.jar.get(sessionName)).toBe(before);
        errors.length = 0;
        const invalid = await seal(record({ data: { count: "x" } }), secrets.password);
        const body = await json(
          await client(new CookieJar().set(sessionName, invalid)).request("/use?config=schema"),
        );
        expect(body.data).toEqual({});
        expect(errors.map((e) => e.code)).toEqual(["ERR_SESSION_SCHEMA"]);
      });
    });
  },
};
