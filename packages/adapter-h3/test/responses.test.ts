// h3 v2 handlers return many kinds of values; the session cookie must reach each response.

import { unseal } from "@sealed-session/core";
import { H3, html, redirect } from "h3";
import { describe, expect, it } from "vitest";
import { settleSessions, useSession } from "../src/index";

const config = { password: "responses-test-password-0123456789abcdef" };
const write = async (event: Parameters<typeof useSession>[0]) =>
  (await useSession(event, config)).update({ saved: true });

describe("h3 v2 response kinds carry the session cookie", () => {
  const app = new H3()
    .get("/redirect", async (event) => {
      await write(event);
      return redirect("/next", 303);
    })
    .get("/html", async (event) => {
      await write(event);
      return html`<p>ok</p>`;
    })
    .get("/response", async (event) => {
      await write(event);
      return new Response("raw", { headers: { "x-raw": "1" } });
    })
    .get("/json", async (event) => {
      await write(event);
      return { ok: true };
    });

  it.each(["/redirect", "/html", "/response", "/json"])("%s", async (path) => {
    const response = await app.request(path);
    expect(response.status).toBeLessThan(400);
    expect(response.headers.getSetCookie()).toHaveLength(1);
    expect(response.headers.getSetCookie()[0]).toMatch(/^h3=Fe26\.2\*/);
  });
});

describe("settleSessions(event) in a plain h3 v2 app", () => {
  // What the Nitro module's middleware does, by hand: the handler leaves update() floating.
  const floating = new H3()
    .use(async (event, next) => {
      const body = await next();
      await settleSessions(event);
      return body;
    })
    .get("/", async (event) => {
      const session = await useSession(event, config);
      void session.update({ foo: "bar" });
      return session.data;
    });

  it("lets a write the handler did not await land in the response: data and cookie", async () => {
    const response = await floating.request("/");
    expect(await response.json()).toEqual({ foo: "bar" });
    const [cookie] = response.headers.getSetCookie();
    const token = decodeURIComponent(/^h3=([^;]*)/.exec(cookie ?? "")?.[1] ?? "");
    expect(await unseal(token, config.password)).toMatchObject({ data: { foo: "bar" } });
  });
});

// h3 builds `res.headers` and `res.errHeaders` on first access, and a
// response with headers staged leaves its fast path: a read must not touch
// them (an h3 read over loopback cost 6 µs more of CPU when it did).
describe("a read leaves h3's response headers unbuilt", () => {
  const app = new H3().get("/write", (event) => write(event).then(() => "ok"));

  it("reads without touching res.headers or res.errHeaders; a write stages on both", async () => {
    const written = await app.request("/write");
    const cookie = written.headers.getSetCookie()[0]?.split(";")[0] ?? "";
    const headers = new Headers();
    const errHeaders = new Headers();
    let touched = 0;
    class Res {
      get headers() {
        touched++;
        return headers;
      }
      get errHeaders() {
        touched++;
        return errHeaders;
      }
    }
    const event = {
      req: new Request("http://localhost/", { headers: { cookie } }),
      res: new Res(),
    };
    const session = await useSession(event, config);
    expect(session.data).toEqual({ saved: true });
    expect(touched).toBe(0);
    await session.update({ saved: false });
    expect(headers.getSetCookie()).toHaveLength(1);
    expect(errHeaders.getSetCookie()).toEqual(headers.getSetCookie());
  });
});
