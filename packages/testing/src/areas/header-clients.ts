// header clients: its routes and its tests.
import { seal } from "@sealed-session/core/seal";
import { describe, expect, it } from "vitest";
import type { Area } from "../kit";

export const headerClientsArea: Area = {
  routes: {},
  tests: ({ client, json, cookiesOf, record, secrets, sessionName }) => {
    describe("header clients", () => {
      it("get a resealed token back in the x-<name>-session response header", async () => {
        const token = await seal(record({ id: "header-client" }), secrets.password);
        const response = await client().request("/update", {
          body: { viaHeader: true },
          headers: { [`x-${sessionName}-session`]: token },
        });
        const next = response.headers.get(`x-${sessionName}-session`);
        expect(next).toMatch(/^Fe26\.2\*/);
        const again = await client().request("/use", {
          headers: { [`x-${sessionName}-session`]: next ?? "" },
        });
        expect(await json(again)).toMatchObject({
          id: "header-client",
          data: { crafted: true, viaHeader: true },
        });
      });

      it("work with cookie: false, sealing through sealSession()", async () => {
        const first = await client().request("/seal?config=headerOnly");
        expect(cookiesOf(first)).toEqual([]);
        const { token } = await json(first);
        const response = await client().request("/update?config=headerOnly", {
          body: { n: 1 },
          headers: { [`x-${sessionName}-session`]: token },
        });
        expect(cookiesOf(response)).toEqual([]);
        const next = response.headers.get(`x-${sessionName}-session`) ?? "";
        expect(
          await json(
            await client().request("/unseal?config=headerOnly", { body: { token: next } }),
          ),
        ).toMatchObject({
          data: { n: 1 },
        });
      });
    });
  },
};
