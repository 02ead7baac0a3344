import { describe, expect, it } from "vitest";
import { type Area, view } from "../kit";

export const commitArea: Area = {
  routes: {
    "/commit": async (ctx, config, body) => {
      const session = await ctx.useSession(config);
      Object.assign(session.data, body);
      return { committed: await session.commit(), ...view(session) };
    },
  },
  tests: ({ client, json, cookiesOf }) => {
    describe("commit()", () => {
      it("reseals data changed directly, and only then", async () => {
        const c = client();
        await c.request("/use");
        const changed = await c.request("/commit", { body: { direct: true } });
        expect((await json(changed)).committed).toBe(true);
        expect(cookiesOf(changed)).toHaveLength(1);
        const unchanged = await c.request("/commit", { body: { direct: true } });
        expect((await json(unchanged)).committed).toBe(false);
        expect(cookiesOf(unchanged)).toEqual([]);
        expect((await json(await c.request("/use"))).data).toEqual({ direct: true });
      });
    });
  },
};
