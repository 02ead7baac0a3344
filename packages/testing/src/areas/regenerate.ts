import { describe, expect, it } from "vitest";
import { type Area, view } from "../kit";

export const regenerateArea: Area = {
  routes: {
    "/regenerate": async (ctx, config) => {
      const session = await ctx.useSession(config);
      const before = session.id;
      await session.regenerate();
      return { before, ...view(session) };
    },
  },
  tests: ({ client, json, cookiesOf }) => {
    describe("regenerate()", () => {
      it("gives a new id and createdAt with the same data, replacing the cookie", async () => {
        const c = client();
        const old = await json(await c.request("/update", { body: { user: "ada" } }));
        const response = await c.request("/regenerate");
        const body = await json(response);
        expect(body.before).toBe(old.id);
        expect(body.id).not.toBe(old.id);
        expect(body.data).toEqual({ user: "ada" });
        expect(cookiesOf(response)).toHaveLength(1);
        expect((await json(await c.request("/use"))).id).toBe(body.id);
      });
    });
  },
};
