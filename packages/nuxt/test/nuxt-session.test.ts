// adoptNuxtSession on its own: Nuxt's built-in cookie taken over, and no
// longer once the session's acceptLegacyUntil has passed (still expired).
import { seal, useWebSession } from "@sealed-session/core";
import { webExchange } from "@sealed-session/core/adapter";
import { describe, expect, it } from "vitest";
import { adoptNuxtSession, nuxtSessionPassword } from "../src/runtime/nuxt-session";

const APP_SECRET = "9f2c7a1e5b3d8f4062a1c9e7b5d3f1a8";
const PASSWORD = "3c2a7f0e9b8d4c6a1e5f7a9b0c2d4e6f-nuxt-unit";
const source = { name: "nuxt-session", password: "", path: "/" };

async function visit(legacyUntil?: number) {
  // How Nuxt 4.6 seals: { nuxt: 1, id, data } at iron-webcrypto's 1 iteration.
  const password = await nuxtSessionPassword(APP_SECRET, source.name);
  const one = { encryption: { iterations: 1 }, integrity: { iterations: 1 } };
  const token = await seal({ nuxt: 1, id: "n1", data: { user: "ada" } }, password, one);
  const request = new Request("http://localhost/", {
    headers: { cookie: `nuxt-session=${token}` },
  });
  const session = await useWebSession(request, { password: PASSWORD, name: "app" });
  const adopted = await adoptNuxtSession(
    webExchange(request),
    session,
    source,
    APP_SECRET,
    legacyUntil,
  );
  const cookies = session.applyTo(new Response(null)).headers.getSetCookie();
  return { adopted, data: session.data, cookies };
}

describe("adoptNuxtSession", () => {
  it("takes the data over and expires Nuxt's cookie", async () => {
    const { adopted, data, cookies } = await visit();
    expect(adopted).toBe(true);
    expect(data).toEqual({ user: "ada" });
    expect(cookies.some((c) => c.startsWith("nuxt-session=;"))).toBe(true);
  });

  it("after acceptLegacyUntil, still expires Nuxt's cookie but takes nothing over", async () => {
    const { adopted, data, cookies } = await visit(Date.now() - 1000);
    expect(adopted).toBe(false);
    expect(data).toEqual({});
    expect(cookies.some((c) => c.startsWith("nuxt-session=;"))).toBe(true);
    expect((await visit(Date.now() + 60_000)).adopted).toBe(true);
  });
});
