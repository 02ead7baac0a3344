import { describe, expect, it } from "vitest";
import { useWebSession } from "../src/index";
import { PASSWORD } from "./_helpers";

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
    const lazy = await useWebSession(new Request("http://localhost/"), {
      password: PASSWORD,
      lazy: true,
    });
    const plain = new Response("ok");
    expect(lazy.applyTo(plain)).toBe(plain);
  });
});
