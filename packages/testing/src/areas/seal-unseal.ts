import { describe, expect, it } from "vitest";
import type { Area } from "../kit";

export const sealUnsealArea: Area = {
  routes: {},
  tests: ({ client, json }) => {
    describe("sealSession() and unsealSession()", () => {
      it("seal this request's session, and unseal a token into a record", async () => {
        const c = client();
        const created = await json(await c.request("/update", { body: { a: 1 } }));
        const { token } = await json(await c.request("/seal"));
        expect(await json(await c.request("/unseal", { body: { token } }))).toMatchObject({
          id: created.id,
          data: { a: 1 },
        });
        expect(await json(await c.request("/unseal", { body: { token: "junk" } }))).toEqual({
          error: "ERR_SEAL_MALFORMED",
        });
      });
    });
  },
};
