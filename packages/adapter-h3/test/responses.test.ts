// h3 v2 handlers return many kinds of values; the session cookie must reach each response.
import { H3, html, redirect } from "h3";
import { describe, expect, it } from "vitest";
import { useSession } from "../src/index";

const config = { password: "responses-test-password-0123456789abcdef" };
const write = async (event: Parameters<typeof useSession>[0]) => (await useSession(event, config)).update({ saved: true });

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
