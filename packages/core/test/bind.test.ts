// bind: a token sealed with the cookie's name (and an audience) inside it,
// under its MAC, and checked on every read — so a `user` cookie is not an
// `admin` one even under a shared password.
import { describe, expect, it } from "vitest";
import { commitIfChanged } from "../src/adapter";
import { createSessionStore, type SessionConfig, seal, unseal, useWebSession } from "../src/index";
import { codeOf, PASSWORD } from "./_helpers";

/** One request carrying `cookie`: the session, the codes onError heard, and the cookies written. */
async function visit(cookie: string, config: SessionConfig, change?: Record<string, unknown>) {
  const codes: string[] = [];
  const session = await useWebSession(new Request("http://localhost/", { headers: { cookie } }), {
    ...config,
    onError: (error) => codes.push(error.code),
  });
  // Read before the commit, as a handler does: commit() then compares against what it saw.
  const data = session.data;
  if (change) Object.assign(data, change);
  await commitIfChanged(session);
  const written = session.applyTo(new Response()).headers.getSetCookie();
  return { data: { ...session.data }, codes, written };
}

/** The token a config writes for `data`, under its name. */
async function tokenOf(config: SessionConfig, data: Record<string, unknown>) {
  const { written } = await visit("", config, data);
  const line = written.find((l) => l.startsWith(`${config.name ?? "session"}=`)) ?? "";
  return line.slice(line.indexOf("=") + 1, line.indexOf(";"));
}

describe("bind", () => {
  const user = { password: PASSWORD, name: "user", bind: {} } as const;
  const admin = { password: PASSWORD, name: "admin", bind: {} } as const;

  it("refuses a token made for another cookie under the same password, and reads its own", async () => {
    const token = await tokenOf(user, { role: "viewer" });
    expect((await visit(`user=${token}`, user)).data).toEqual({ role: "viewer" });
    const asAdmin = await visit(`admin=${token}`, admin);
    expect(asAdmin.data).toEqual({});
    expect(asAdmin.codes).toEqual(["ERR_SESSION_INVALID"]);
  });

  it("without bind, the trap it closes: the same token loads as the other cookie", async () => {
    const plainUser = { password: PASSWORD, name: "user" };
    const token = await tokenOf(plainUser, { role: "viewer" });
    expect((await visit(`admin=${token}`, { password: PASSWORD, name: "admin" })).data).toEqual({
      role: "viewer",
    });
  });

  it("refuses a token made for another audience under the same name and password", async () => {
    const appA = { password: PASSWORD, name: "s", bind: { audience: "app-a" } };
    const appB = { password: PASSWORD, name: "s", bind: { audience: "app-b" } };
    const token = await tokenOf(appA, { n: 1 });
    expect((await visit(`s=${token}`, appA)).data).toEqual({ n: 1 });
    expect((await visit(`s=${token}`, appB)).codes).toEqual(["ERR_SESSION_INVALID"]);
    // Audience alone: any cookie name, one app.
    const anyName = { password: PASSWORD, name: "t", bind: { name: false, audience: "app-a" } };
    const other = { ...anyName, name: "u" };
    expect((await visit(`u=${await tokenOf(anyName, { n: 2 })}`, other)).data).toEqual({ n: 2 });
  });

  it("refuses an unbound token (h3's, or this library's without bind) where bind is on", async () => {
    const h3Like = await seal({ id: "s1", createdAt: Date.now(), data: { n: 1 } }, PASSWORD);
    const read = await visit(`user=${h3Like}`, user);
    expect(read.data).toEqual({});
    expect(read.codes).toEqual(["ERR_SESSION_INVALID"]);
  });

  it("writes nothing when a bound session is read and left unchanged, and reseals a change", async () => {
    const token = await tokenOf(user, { n: 1 });
    // Twice: the second read recalls the token from memory (a copied tree, not a parse).
    for (let i = 0; i < 2; i++) expect((await visit(`user=${token}`, user)).written).toEqual([]);
    const changed = await visit(`user=${token}`, user, { n: 2 });
    expect(changed.written).toHaveLength(1);
  });

  it("stays an iron token: unseal() and other iron readers open it, the binding beside the record", async () => {
    const token = await tokenOf(user, { n: 1 });
    const record = (await unseal(token, PASSWORD)) as Record<string, unknown>;
    expect(record.data).toEqual({ n: 1 });
    expect(record.b).toBe("user\u0000");
  });

  it("binds store mode's pointer tokens too", async () => {
    const store = createSessionStore();
    const a = { password: PASSWORD, name: "a", bind: {}, store };
    const b = { password: PASSWORD, name: "b", bind: {}, store };
    const token = await tokenOf(a, { n: 1 });
    expect((await visit(`a=${token}`, a)).data).toEqual({ n: 1 });
    expect((await visit(`b=${token}`, b)).codes).toEqual(["ERR_SESSION_INVALID"]);
  });

  it("fails at start-up on a binding that binds nothing, or a bad audience", async () => {
    for (const bind of [{ name: false }, { audience: "" }, "yes"]) {
      const attempt = useWebSession(new Request("http://localhost/"), {
        password: PASSWORD,
        bind: bind as never,
      });
      expect(await attempt.then(() => "resolved", codeOf)).toBe("ERR_OPTIONS_INVALID");
    }
  });
});
