import type { Revocation, SessionStore } from "@sealed-session/core";
import { describe, expect, it } from "vitest";
import { type Area, view } from "../kit";

export const storesArea: Area = {
  routes: {
    "/revoke-all": async (ctx, config) => {
      const session = await ctx.useSession(config);
      await (config.revocation as Revocation).revokeAll(String(session.data.user));
      return { revoked: session.data.user };
    },
    "/devices": async (ctx, config) => {
      const session = await ctx.useSession(config);
      return {
        devices: (await (config.store as SessionStore).list(String(session.data.user))).map(
          (device) => device.id,
        ),
      };
    },
    "/forget-device": async (ctx, config, body) => {
      await ctx.useSession(config);
      await (config.store as SessionStore).remove(String(body.id));
      return { forgotten: body.id };
    },
    "/data-only": async (ctx, config, body) =>
      view(await (await ctx.useSession(config)).update(body)),
  },
  tests: ({ client, json, cookiesOf, errors }) => {
    describe("revocation (sealed + revocation)", () => {
      it("revokeAll(user) refuses every session of the user, copied cookies included; others keep theirs", async () => {
        const laptop = client();
        const phone = client();
        const other = client();
        await laptop.request("/update?config=revocable", { body: { user: "ada" } });
        await phone.request("/update?config=revocable", { body: { user: "ada" } });
        await other.request("/update?config=revocable", { body: { user: "bea" } });
        const stolen = client(laptop.jar.copy());
        errors.length = 0;
        await phone.request("/revoke-all?config=revocable");
        for (const device of [laptop, stolen])
          expect((await json(await device.request("/use?config=revocable"))).data).toEqual({});
        expect((await json(await other.request("/use?config=revocable"))).data).toEqual({
          user: "bea",
        });
        expect(errors.map((e) => e.code)).toEqual(["ERR_SESSION_REVOKED", "ERR_SESSION_REVOKED"]);
      });

      it("clear() revokes the session: a copy of its cookie is refused", async () => {
        const c = client();
        await c.request("/update?config=revocable", { body: { user: "cy" } });
        const stolen = client(c.jar.copy());
        await c.request("/clear?config=revocable");
        expect((await json(await stolen.request("/use?config=revocable"))).data).toEqual({});
      });
    });

    describe("store mode", () => {
      it("holds a session far larger than a cookie can, the cookie only naming it", async () => {
        const c = client();
        const big = "x".repeat(40_000);
        await c.request("/update?config=stored", { body: { user: "di", big } });
        expect(c.jar.header().length).toBeLessThan(400);
        expect((await json(await c.request("/use?config=stored"))).data).toEqual({
          user: "di",
          big,
        });
      });

      it("writes that change only data set no cookie", async () => {
        const c = client();
        await c.request("/update?config=stored", { body: { user: "ed" } });
        expect(cookiesOf(await c.request("/data-only?config=stored", { body: { n: 1 } }))).toEqual(
          [],
        );
        expect((await json(await c.request("/use?config=stored"))).data).toEqual({
          user: "ed",
          n: 1,
        });
      });

      it("lists a user's devices and forgets one for good", async () => {
        const laptop = client();
        const phone = client();
        const a = await json(
          await laptop.request("/update?config=stored", { body: { user: "fay" } }),
        );
        const b = await json(
          await phone.request("/update?config=stored", { body: { user: "fay" } }),
        );
        const listed = await json(await laptop.request("/devices?config=stored"));
        expect([...(listed.devices as string[])].sort()).toEqual([a.id, b.id].sort());
        const stolen = client(phone.jar.copy());
        await laptop.request("/forget-device?config=stored", { body: { id: b.id } });
        expect((await json(await stolen.request("/use?config=stored"))).data).toEqual({});
        expect((await json(await laptop.request("/devices?config=stored"))).devices).toEqual([
          a.id,
        ]);
      });
    });
  },
};
