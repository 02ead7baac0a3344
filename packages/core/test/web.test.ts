import { describe, expect, it } from "vitest";
import { applyExchange, webExchange } from "../src/adapter";
import { clearSession, getSession, sealSession, unsealSession, updateSession, useWebSession } from "../src/index";
import { describeSessionConformance } from "../src/testing/index";
import { PASSWORD } from "./_helpers";

// The Web binding is the adapter here: a bare fetch handler.
describeSessionConformance("Web Request/Response", (handler) => ({
  async fetch(path, init) {
    const request = new Request(`http://localhost${path}`, init);
    const exchange = webExchange(request);
    const context = {
      method: request.method,
      url: new URL(request.url),
      body: request.method === "POST" ? await request.clone().json() : undefined,
      useSession: (config: Parameters<typeof useWebSession>[1]) => useWebSession(request, config),
      getSession: (config: Parameters<typeof getSession>[1]) => getSession(exchange, config),
      updateSession: (config: Parameters<typeof updateSession>[1], update?: Parameters<typeof updateSession>[2]) =>
        updateSession(exchange, config, update),
      clearSession: (config: Parameters<typeof clearSession>[1]) => clearSession(exchange, config),
      sealSession: (config: Parameters<typeof sealSession>[1]) => sealSession(exchange, config),
      unsealSession: (config: Parameters<typeof unsealSession>[1], sealed: string) => unsealSession(exchange, config, sealed),
    };
    try {
      return (await useWebSessionApply(request)).applyTo(Response.json(await handler(context)));
    } catch (error) {
      return (await useWebSessionApply(request)).applyTo(Response.json({ error: String(error) }, { status: 500 }));
    }
  },
}));

// applyTo only needs the request's exchange; any session of the request can apply it.
async function useWebSessionApply(request: Request) {
  return { applyTo: (response: Response) => applyExchange(webExchange(request), response) };
}

describe("useWebSession().applyTo()", () => {
  it("copies a response whose headers are immutable (Response.redirect)", async () => {
    const request = new Request("http://localhost/login");
    const session = await useWebSession(request, { password: PASSWORD });
    await session.update({ user: "ada" });
    const redirect = Response.redirect("http://localhost/home", 302);
    const response = session.applyTo(redirect);
    expect(response).not.toBe(redirect);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("http://localhost/home");
    expect(response.headers.getSetCookie()).toHaveLength(1);
  });

  it("returns the same response when nothing is staged, and adds nothing twice", async () => {
    const cookie = new Request("http://localhost/");
    const first = await useWebSession(cookie, { password: PASSWORD });
    const response = first.applyTo(first.applyTo(new Response("ok")));
    expect(response.headers.getSetCookie()).toHaveLength(1);
    const lazy = await useWebSession(new Request("http://localhost/"), { password: PASSWORD, lazy: true });
    const plain = new Response("ok");
    expect(lazy.applyTo(plain)).toBe(plain);
  });
});
