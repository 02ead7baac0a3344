import { describe, expect, it } from "vitest";
import { type Area, view } from "../kit";

export const clearArea: Area = {
  routes: {
    "/clear-update": async (ctx, config) => {
      const session = await ctx.useSession(config);
      const before = session.id;
      await session.clear();
      await session.update({ fresh: true });
      return { before, ...view(session) };
    },
    "/clear-session": async (ctx, config) => {
      await ctx.clearSession(config);
      return { cleared: true };
    },
  },
  tests: ({ client, json, cookiesOf, sessionName }) => {
    describe("clear()", () => {
      it("expires the cookie (Max-Age=0)", async () => {
        const c = client();
        await c.request("/update", { body: { a: 1 } });
        const response = await c.request("/clear");
        const [cookie] = cookiesOf(response);
        expect(cookie).toMatch(new RegExp(`^${sessionName}=;`));
        expect(cookie).toContain("Max-Age=0");
        expect(c.jar.names()).toEqual([]);
      });

      it("clearSession() does the same", async () => {
        const c = client();
        await c.request("/update", { body: { a: 1 } });
        await c.request("/clear-session");
        expect(c.jar.names()).toEqual([]);
      });

      it("then update() starts a new, empty session and never resurrects the old one", async () => {
        const c = client();
        const old = await json(await c.request("/update", { body: { secret: "old" } }));
        const response = await json(await c.request("/clear-update"));
        expect(response.before).toBe(old.id);
        expect(response.id).not.toBe(old.id);
        expect(response.data).toEqual({ fresh: true });
        expect((await json(await c.request("/use"))).data).toEqual({ fresh: true });
      });
    });
  },
};
