// Session-bound CSRF: a token made for the session (rotated with its id),
// masked afresh each time, checked with where the request came from.
import { describe, expect, it } from "vitest";
import { useSession } from "../src/adapter";
import {
  type SessionConfig,
  type SessionManager,
  useWebSession,
  verifyRequestCsrf,
} from "../src/index";
import { codeOf, PASSWORD, PASSWORD_2 } from "./_helpers";

const config: SessionConfig = { password: PASSWORD, name: "sid" };
const HOST = "app.example";

/** A GET that starts (or reads) a session: its cookie and a token. */
async function page(cookie = "", c: SessionConfig = config) {
  const request = new Request(`https://${HOST}/form`, { headers: { cookie } });
  const session = await useWebSession(request, c);
  const token = await session.csrfToken();
  const set = session.applyTo(new Response(null)).headers.getSetCookie()[0];
  const jar = set ? (set.split(";")[0] as string) : cookie;
  return { session, token, jar };
}

/** A POST under `cookie`, with `headers`, and a form body when `form` is given: the check's outcome. */
async function post(
  cookie: string,
  {
    form,
    headers = {},
    c = config,
  }: { form?: Record<string, string>; headers?: Record<string, string>; c?: SessionConfig } = {},
) {
  const request = new Request(`https://${HOST}/act`, {
    method: "POST",
    headers: { cookie, ...headers },
    body: form ? new URLSearchParams(form) : undefined,
  });
  const session = await useWebSession(request, c);
  const outcome = await verifyRequestCsrf(request, session).then(
    () => "ok",
    (error) => `${codeOf(error)}:${(error as { reason?: string }).reason}`,
  );
  // The handler can still read the form the check read.
  if (form) expect(Object.fromEntries(await request.formData())).toEqual(form);
  return { outcome, session };
}

const SAME = { "sec-fetch-site": "same-origin", origin: `https://${HOST}` };

describe("csrfToken and verifyCsrf", () => {
  it("accepts its own session's token from the form or the header, masked differently each time", async () => {
    const { session, token, jar } = await page();
    const again = await session.csrfToken();
    expect(again).not.toBe(token);
    expect(token).toMatch(/^[\w-]{86}$/);
    expect((await post(jar, { form: { _csrf: token, x: "1" }, headers: SAME })).outcome).toBe("ok");
    expect((await post(jar, { headers: { ...SAME, "x-csrf-token": again } })).outcome).toBe("ok");
    // No browser headers at all (a script, curl): the token alone decides.
    expect((await post(jar, { form: { _csrf: token } })).outcome).toBe("ok");
  });

  it("refuses a missing token, another session's, a changed one, and any for a session this request made", async () => {
    const a = await page();
    const b = await page();
    expect((await post(a.jar, { form: { x: "1" }, headers: SAME })).outcome).toBe(
      "ERR_SESSION_CSRF:missing",
    );
    expect((await post(a.jar, { form: { _csrf: b.token }, headers: SAME })).outcome).toBe(
      "ERR_SESSION_CSRF:mismatch",
    );
    const changed = a.token.slice(0, 50) + (a.token[50] === "A" ? "B" : "A") + a.token.slice(51);
    expect((await post(a.jar, { form: { _csrf: changed }, headers: SAME })).outcome).toBe(
      "ERR_SESSION_CSRF:mismatch",
    );
    expect((await post(a.jar, { form: { _csrf: "short" }, headers: SAME })).outcome).toBe(
      "ERR_SESSION_CSRF:mismatch",
    );
    // No cookie: the session is new, and no token was ever given for it.
    expect((await post("", { form: { _csrf: a.token }, headers: SAME })).outcome).toBe(
      "ERR_SESSION_CSRF:mismatch",
    );
  });

  it("refuses a valid token from another site, by Sec-Fetch-Site or by Origin, unless the origin is trusted", async () => {
    const { token, jar } = await page();
    const form = { _csrf: token };
    for (const site of ["cross-site", "same-site"])
      expect((await post(jar, { form, headers: { "sec-fetch-site": site } })).outcome).toBe(
        "ERR_SESSION_CSRF:cross-site",
      );
    expect((await post(jar, { form, headers: { "sec-fetch-site": "none" } })).outcome).toBe("ok");
    for (const origin of ["https://evil.example", "null", "https://app.example:8443"])
      expect((await post(jar, { form, headers: { origin } })).outcome).toBe(
        "ERR_SESSION_CSRF:cross-site",
      );
    // Without Sec-Fetch-Site, an Origin of the request's own host passes (its
    // URL's host when the Request carries no Host header).
    const own = { origin: `https://${HOST}` };
    expect((await post(jar, { form, headers: own })).outcome).toBe("ok");
    const trusting = { ...config, csrf: { trustedOrigins: ["https://admin.example"] } };
    const trusted = { "sec-fetch-site": "cross-site", origin: "https://admin.example" };
    expect((await post(jar, { form, headers: trusted, c: trusting })).outcome).toBe("ok");
  });

  it("never accepts a token for a session this request created, even when ids are predictable", async () => {
    const fixed = { ...config, generateId: () => "same-id-for-everyone" };
    const attacker = await page("", fixed);
    // A victim with no session: this request makes one with the same id.
    expect(
      (await post("", { form: { _csrf: attacker.token }, headers: SAME, c: fixed })).outcome,
    ).toBe("ERR_SESSION_CSRF:mismatch");
    expect((await post(attacker.jar, { form: { _csrf: attacker.token }, c: fixed })).outcome).toBe(
      "ok",
    );
  });

  it("rotates with the session id: after regenerate() or clear() the old token is refused", async () => {
    const first = await page();
    const request = new Request(`https://${HOST}/login`, { headers: { cookie: first.jar } });
    const session = await useWebSession(request, config);
    await session.regenerate();
    const jar = session
      .applyTo(new Response(null))
      .headers.getSetCookie()[0]
      ?.split(";")[0] as string;
    expect((await post(jar, { form: { _csrf: first.token }, headers: SAME })).outcome).toBe(
      "ERR_SESSION_CSRF:mismatch",
    );
    const fresh = await page(jar);
    expect((await post(jar, { form: { _csrf: fresh.token }, headers: SAME })).outcome).toBe("ok");
  });

  it("writes a lazy new session, so its token names a session the browser keeps", async () => {
    const lazy = { ...config, lazy: true };
    const { token, jar } = await page("", lazy);
    expect(jar).toMatch(/^sid=Fe26\.2\*/);
    expect((await post(jar, { form: { _csrf: token }, headers: SAME, c: lazy })).outcome).toBe(
      "ok",
    );
  });

  it("keeps a form's token through a password rotation, and is bound to the cookie's name", async () => {
    const { token, jar } = await page("", { ...config, password: { 1: PASSWORD } });
    const rotated = { ...config, password: { 1: PASSWORD, 2: PASSWORD_2 } };
    expect((await post(jar, { form: { _csrf: token }, headers: SAME, c: rotated })).outcome).toBe(
      "ok",
    );
    const other = { ...config, name: "other" };
    const renamed = jar.replace(/^sid=/, "other=");
    expect((await post(renamed, { form: { _csrf: token }, headers: SAME, c: other })).outcome).toBe(
      "ERR_SESSION_CSRF:mismatch",
    );
  });

  it("lets safe methods through untouched, and refuses a bad trustedOrigins at start-up", async () => {
    const request = new Request(`https://${HOST}/`, {
      headers: { "sec-fetch-site": "cross-site" },
    });
    const session: SessionManager = await useWebSession(request, config);
    await expect(verifyRequestCsrf(request, session)).resolves.toBeUndefined();
    for (const trustedOrigins of [
      ["https://a.example/"],
      ["a.example"],
      ["null"],
      "https://a.example",
    ])
      await expect(
        useWebSession(new Request("https://x/"), {
          ...config,
          csrf: { trustedOrigins } as never,
        }).catch(codeOf),
      ).resolves.toBe("ERR_OPTIONS_INVALID");
  });
});

describe("csrfToken() where the response cannot take cookies (a server component)", () => {
  const readOnly = (cookie: string) => ({
    key: {},
    readOnly: true,
    getRequestHeader: (name: string) => (name === "cookie" ? cookie : undefined),
    stage: () => {
      throw new Error("a read-only exchange is never staged");
    },
  });

  it("gives the token of a session the browser has, and refuses to invent one it could not keep", async () => {
    const { jar, token } = await page();
    const session = await useSession(readOnly(jar), config);
    const again = await session.csrfToken();
    expect(again).not.toBe(token);
    expect((await post(jar, { form: { _csrf: again }, headers: SAME })).outcome).toBe("ok");
    const fresh = await useSession(readOnly(""), { ...config, lazy: true });
    await expect(fresh.csrfToken().catch(codeOf)).resolves.toBe("ERR_SESSION_READ_ONLY");
  });
});
