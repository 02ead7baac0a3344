import { describe, expect, it } from "vitest";
import type { Area } from "../kit";

export const errorResponsesArea: Area = {
  routes: {
    "/throw-after-update": async (ctx, config, body) => {
      await (await ctx.useSession(config)).update(body);
      throw new Error("handler failed after update");
    },
    "/throw-after-clear": async (ctx, config) => {
      await (await ctx.useSession(config)).clear();
      throw new Error("handler failed after clear");
    },
  },
  tests: ({ client, json, cookiesOf }) => {
    describe("error responses", () => {
      it("carry the session cookie when the handler throws after update()", async () => {
        const c = client();
        const response = await c.request("/throw-after-update", { body: { saved: "anyway" } });
        expect(response.status).toBeGreaterThanOrEqual(500);
        expect(cookiesOf(response)).toHaveLength(1);
        expect((await json(await c.request("/use"))).data).toEqual({ saved: "anyway" });
      });

      it("carry the expiry of a cleared session, chunks included", async () => {
        const c = client();
        await c.request("/update", { body: { blob: "x".repeat(7000) } });
        const response = await c.request("/throw-after-clear");
        expect(response.status).toBeGreaterThanOrEqual(500);
        expect(c.jar.names()).toEqual([]);
      });
    });
  },
};
