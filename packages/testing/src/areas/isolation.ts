import { describe, expect, it } from "vitest";
import type { Area } from "../kit";

export const isolationArea: Area = {
  routes: {},
  tests: ({ client, json }) => {
    describe("isolation", () => {
      it("20 concurrent clients each keep their own session", async () => {
        const clients = Array.from({ length: 20 }, () => client());
        await Promise.all(clients.map((c, i) => c.request("/update", { body: { owner: i } })));
        for (let round = 0; round < 2; round++)
          await Promise.all(clients.map((c) => c.request("/update-fn")));
        const results = await Promise.all(
          clients.map(async (c) => (await json(await c.request("/use"))).data),
        );
        expect(results).toEqual(clients.map((_, i) => ({ owner: i, count: 2 })));
      });
    });
  },
};
