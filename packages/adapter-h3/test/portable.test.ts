// Nuxt 4.6's nuxt/server handlers get a "portable" event: a Web view (`req` a
// Request, `res.headers`, no `errHeaders`) in front of the h3 v1 event, whose
// `node` it still answers. The adapter writes such an event through `node`.

import { CookieJar, serveNode, type TestServer } from "@sealed-session/testing";
import { createApp, eventHandler, toNodeListener } from "h3-v1";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type NuxtServerEvent, useSession } from "../src/index";

const password = "h3-adapter-portable-password-0123456789";

/** The shape of Nuxt's portable event: web properties from a view, the rest from the v1 event. */
function portable(event: {
  node: { req: { headers: Record<string, string | string[] | undefined> } };
}): NuxtServerEvent {
  const web = {
    req: new Request("http://localhost/", {
      headers: event.node.req.headers as Record<string, string>,
    }),
    res: { headers: new Headers() },
  };
  return new Proxy(event, {
    get: (target, property) =>
      property === "req" || property === "res" ? web[property] : Reflect.get(target, property),
  }) as unknown as NuxtServerEvent;
}

let server: TestServer;
beforeAll(async () => {
  const app = createApp().use(
    eventHandler(async (event) => {
      const session = await useSession(portable(event), { password, name: "p" });
      await session.update((data: { n?: number }) => ({ n: (data.n ?? 0) + 1 }));
      return session.data;
    }),
  );
  server = await serveNode(toNodeListener(app));
});
afterAll(() => server?.close());

describe("a nuxt/server handler's event", () => {
  it("is written through its node response (it has a Web req but no errHeaders), across requests", async () => {
    const jar = new CookieJar();
    for (const n of [1, 2]) {
      const response = await server.fetch("/", { headers: { cookie: jar.header() } });
      expect(await response.json()).toEqual({ n });
      expect(response.headers.getSetCookie()).toEqual([expect.stringMatching(/^p=Fe26\.2\*/)]);
      jar.take(response);
    }
  });

  it("an object that is no event of h3 is refused at the call with a message, not read as one", () => {
    const notAnEvent = { req: { headers: new Headers() }, res: { headers: new Headers() } };
    expect(() => useSession(notAnEvent, { password })).toThrow(/expected an h3 v2 or v1 event/);
  });
});
