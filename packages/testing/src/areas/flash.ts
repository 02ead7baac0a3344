import { describe, expect, it } from "vitest";
import type { Area } from "../kit";

export const flashArea: Area = {
  routes: {
    "/flash": async (ctx, config, body) => {
      await (await ctx.useSession(config)).flash("notice", body.notice);
      return { ok: true };
    },
    "/consume-flash": async (ctx, config) => ({
      notice: (await (await ctx.useSession(config)).consumeFlash("notice")) ?? null,
    }),
  },
  tests: ({ client, json }) => {
    describe("flash()", () => {
      it("keeps a value for exactly one read", async () => {
        const c = client();
        await c.request("/flash", { body: { notice: "Signed in" } });
        expect(await json(await c.request("/consume-flash"))).toEqual({ notice: "Signed in" });
        expect(await json(await c.request("/consume-flash"))).toEqual({ notice: null });
      });
    });
  },
};
