// The middleware's options, on a bare context (no built app needed).
import type { APIContext } from "astro";
import { describe, expect, it } from "vitest";
import { session } from "../src/index";

const password = "Tq8Wm3Zx6Kp1Rv9Lc4Hn7Bd2Js5Gf0Ya-astro-options";

async function run(options: Parameters<typeof session>[0]) {
  const locals: Record<string, { id?: string }> = {};
  const context = { request: new Request("http://localhost/"), locals } as unknown as APIContext;
  const response = (await session(options)(context, async () => new Response("ok"))) as Response;
  return { locals, cookies: response.headers.getSetCookie() };
}

describe("session() options", () => {
  it("contextKey puts the manager under that key of locals, as Hono's and Express's do", async () => {
    const { locals, cookies } = await run({ password, contextKey: "auth" });
    expect(Object.keys(locals)).toEqual(["auth"]);
    expect(locals.auth?.id).toEqual(expect.any(String));
    expect(cookies).toEqual([expect.stringMatching(/^session=Fe26\.2\*/)]);
  });

  it("still takes the deprecated localsKey, and contextKey wins over it", async () => {
    expect(Object.keys((await run({ password, localsKey: "old" })).locals)).toEqual(["old"]);
    expect(
      Object.keys((await run({ password, localsKey: "old", contextKey: "new" })).locals),
    ).toEqual(["new"]);
  });
});
