// Cookies move both ways between this adapter and h3's built-in sessions.
import { parseToken, unsealWithInfo } from "@sealed-session/core";
import { serveNode } from "@sealed-session/testing";
import { H3, useSession as h3v2UseSession } from "h3";
import { createApp, eventHandler, useSession as h3v1UseSession, toNodeListener } from "h3-v1";
import { describe, expect, it } from "vitest";
import { useSession } from "../src/index";

const password = "compat-test-password-0123456789abcdefghij";
const pairsOf = (response: Response) =>
  response.headers
    .getSetCookie()
    .map((c) => c.slice(0, c.indexOf(";")))
    .join("; ");

describe("with h3 2.x's built-in useSession (same password)", () => {
  const config = { password };
  const builtIn = new H3()
    .get("/write", async (event) => {
      const session = await h3v2UseSession(event, config);
      await session.update({ by: "h3", n: 1 });
      return { id: session.id };
    })
    .get("/read", async (event) => {
      const session = await h3v2UseSession(event, config);
      return { id: session.id, data: session.data };
    });
  const ours = new H3()
    .get("/write", async (event) => {
      const session = await useSession(event, config);
      await session.update({ by: "us", n: 2 });
      return { id: session.id };
    })
    .get("/bump", async (event) => {
      const session = await useSession(event, config);
      await session.update((data) => {
        data.n = (data.n as number) + 10;
      });
      return { id: session.id, data: session.data };
    });

  it("a session h3 created is read and updated here, and h3 reads the update", async () => {
    const created = await builtIn.request("/write");
    const { id } = (await created.json()) as { id: string };
    const bumped = await ours.request("/bump", { headers: { cookie: pairsOf(created) } });
    expect(await bumped.json()).toEqual({ id, data: { by: "h3", n: 11 } });
    const read = await builtIn.request("/read", { headers: { cookie: pairsOf(bumped) } });
    expect(await read.json()).toEqual({ id, data: { by: "h3", n: 11 } });
  });

  it("a session created here is read by h3", async () => {
    const created = await ours.request("/write");
    const { id } = (await created.json()) as { id: string };
    expect(
      await (await builtIn.request("/read", { headers: { cookie: pairsOf(created) } })).json(),
    ).toEqual({
      id,
      data: { by: "us", n: 2 },
    });
  });
});

describe("with h3 1.x sessions and nuxt-auth-utils' settings (1 PBKDF2 iteration)", () => {
  it.each<[string, { password: string; name?: string; cookie?: { sameSite: "lax" } }]>([
    ["h3 v1 defaults", { password }],
    ["nuxt-auth-utils", { password, name: "nuxt-session", cookie: { sameSite: "lax" as const } }],
  ])("reads a %s cookie, then reseals it at 8192 iterations", async (_, config) => {
    const v1 = createApp().use(
      eventHandler(async (event) => {
        const session = await h3v1UseSession(event, config);
        await session.update({ user: { login: "octocat" } });
        return { id: session.id };
      }),
    );
    const server = await serveNode(toNodeListener(v1));
    try {
      const created = await server.fetch("/");
      const { id } = (await created.json()) as { id: string };
      const name = config.name ?? "h3";
      const legacyToken = decodeURIComponent(
        /=([^;]*)/.exec(created.headers.getSetCookie()[0] ?? "")?.[1] ?? "",
      );
      expect(
        (await unsealWithInfo(legacyToken, password, { legacyFallback: true })).iterations,
      ).toBe(1);

      const ours = new H3().get("/", async (event) => {
        const session = await useSession(event, config);
        return { id: session.id, data: session.data };
      });
      const read = await ours.request("/", { headers: { cookie: pairsOf(created) } });
      expect(await read.json()).toEqual({ id, data: { user: { login: "octocat" } } });
      const resealed = read.headers.getSetCookie()[0] as string;
      expect(resealed.startsWith(`${name}=`)).toBe(true);
      const token = decodeURIComponent(resealed.slice(name.length + 1, resealed.indexOf(";")));
      expect(parseToken(token).passwordId).toBe("");
      expect((await unsealWithInfo(token, password)).iterations).toBe(8192);
    } finally {
      await server.close();
    }
  });
});
