import type { SessionManager } from "@sealed-session/core";
import { describe, expect, it } from "vitest";
import type { Area } from "../kit";

// Through the manager, so the adapter's exchange is what is under test: the
// request headers it hands the core (Sec-Fetch-Site, Origin, x-csrf-token).
const check = async (session: SessionManager, token: unknown) => {
  try {
    await session.verifyCsrf(typeof token === "string" ? token : undefined);
    return { ok: true };
  } catch (error) {
    return { refused: (error as { reason?: string }).reason ?? String(error) };
  }
};

export const csrfArea: Area = {
  routes: {
    "/csrf-token": async (ctx, config) => ({
      token: await (await ctx.useSession(config)).csrfToken(),
    }),
    "/csrf-check": async (ctx, config, body) => check(await ctx.useSession(config), body.token),
    "/csrf-regenerate": async (ctx, config) => {
      await (await ctx.useSession(config)).regenerate();
      return { ok: true };
    },
  },
  tests: ({ client, json }) => {
    describe("csrfToken() and verifyCsrf()", () => {
      const SAME = { "sec-fetch-site": "same-origin" };

      it("accept this session's token, given or in the x-csrf-token header", async () => {
        const c = client();
        const { token } = await json(await c.request("/csrf-token"));
        expect(token).toMatch(/^[\w-]{86}$/);
        const given = await c.request("/csrf-check", { body: { token }, headers: SAME });
        expect(await json(given)).toEqual({ ok: true });
        const header = { ...SAME, "x-csrf-token": token as string };
        expect(await json(await c.request("/csrf-check", { body: {}, headers: header }))).toEqual({
          ok: true,
        });
      });

      it("refuse a missing token, another session's, and a request from another site", async () => {
        const a = client();
        const b = client();
        const { token } = await json(await a.request("/csrf-token"));
        await b.request("/csrf-token");
        const outcome = async (c: typeof a, body: object, headers: Record<string, string>) =>
          json(await c.request("/csrf-check", { body, headers }));
        expect(await outcome(a, {}, SAME)).toEqual({ refused: "missing" });
        expect(await outcome(b, { token }, SAME)).toEqual({ refused: "mismatch" });
        expect(await outcome(a, { token }, { "sec-fetch-site": "cross-site" })).toEqual({
          refused: "cross-site",
        });
        expect(await outcome(a, { token }, { origin: "https://evil.example" })).toEqual({
          refused: "cross-site",
        });
      });

      it("rotate the token with regenerate()", async () => {
        const c = client();
        const { token } = await json(await c.request("/csrf-token"));
        await c.request("/csrf-regenerate", { body: {} });
        const after = await c.request("/csrf-check", { body: { token }, headers: SAME });
        expect(await json(after)).toEqual({ refused: "mismatch" });
      });
    });
  },
};
