import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { CookieJar, describeCsrfMiddleware } from "@sealed-session/testing";
import { sealData } from "iron-session";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const PASSWORD = "Hq6Ts1Wn8Pb3Kv5Zc9Ld2Xm7Fr4Gy0Je-elysia-test";
const bun = fileURLToPath(new URL("../node_modules/.bin/bun", import.meta.url));
let child: ChildProcess;
let url = "";
let runtime = "";

beforeAll(async () => {
  child = spawn(bun, ["test/bun-app.ts"], {
    cwd: fileURLToPath(new URL("..", import.meta.url)),
    env: { ...process.env, ELYSIA_SESSION_PASSWORD: PASSWORD },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Bun did not start: ${output}`)), 15_000);
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+) \((Bun [^)]+)\)/.exec(output);
      if (match) {
        [, url = "", runtime = ""] = match;
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`Bun exited (${code}): ${output}`)));
  });
});
afterAll(() => child?.kill("SIGKILL"));

const send = async (jar: CookieJar, path: string, method = "GET") => {
  const response = await fetch(url + path, {
    method,
    headers: jar.header() ? { cookie: jar.header() } : {},
    redirect: "manual",
  });
  jar.take(response);
  return response;
};
const names = (response: Response) =>
  response.headers.getSetCookie().map((line) => line.slice(0, line.indexOf("=")));
const read = async (jar: CookieJar) =>
  (await (await send(jar, "/read")).json()) as { id: string; data: Record<string, unknown> };

describe("@sealed-session/elysia on real Bun", () => {
  it("runs on real Bun, not Node", () => {
    expect(runtime).toMatch(/^Bun \d+\.\d+\.\d+/);
  });

  it("writes a change and reads it back; nothing is written when nothing changed", async () => {
    const jar = new CookieJar();
    const first = await send(jar, "/visit", "POST");
    expect(await first.json()).toEqual({ visits: 1 });
    expect(names(first)).toEqual(["session"]);
    await send(jar, "/visit", "POST");
    expect((await read(jar)).data).toEqual({ visits: 2 });
    expect(names(await send(jar, "/read"))).toEqual([]);
  });

  it("sits beside the app's own cookies in Elysia's jar", async () => {
    const response = await send(new CookieJar(), "/theme");
    expect(names(response).sort()).toEqual(["session", "theme"]);
  });

  it.each([
    ["a throw (Elysia's default 500)", "/throw", 500],
    ["a custom error an onError handler answers with its own Response", "/teapot", 418],
    ["status()", "/forbidden", 403],
  ])("keeps the session cookie on an error response: %s", async (_, path, code) => {
    const jar = new CookieJar();
    const response = await send(jar, path);
    expect(response.status).toBe(code);
    expect(names(response)).toEqual(["session"]);
    expect((await read(jar)).data.visits).toBe(1);
  });

  it("signs in with a new id and the cookie on a redirect", async () => {
    const jar = new CookieJar();
    const before = (await read(jar)).id;
    const login = await send(jar, "/login", "POST");
    expect(login.status).toBe(303);
    expect(names(login)).toEqual(["session"]);
    const after = await read(jar);
    expect(after.id).not.toBe(before);
    expect(after.data.user).toBe("ada");
  });

  it("writes chunks through the jar and expires them when the session shrinks", async () => {
    const jar = new CookieJar();
    await send(jar, "/big");
    expect(jar.names()).toEqual(["session", "session.1", "session.2", "session.3", "session.4"]);
    expect(((await read(jar)).data.blob as string).length).toBe(9000);
    await send(jar, "/small");
    expect(jar.names()).toEqual(["session"]);
  });

  it("answers a commit that cannot seal with a 500 and no cookie, the session as it was", async () => {
    const jar = new CookieJar();
    await send(jar, "/visit", "POST");
    const response = await send(jar, "/unsealable");
    expect(response.status).toBe(500);
    expect(names(response)).toEqual([]);
    expect((await read(jar)).data.visits).toBe(1);
  });

  it("gives a forged or truncated cookie a fresh session, never an error", async () => {
    for (const value of ["Fe26.2**forged", "Fe26.2*1*abc"]) {
      const response = await send(new CookieJar().set("session", value), "/read");
      expect(response.status).toBe(200);
      expect(((await response.json()) as { data: unknown }).data).toEqual({});
    }
  });

  it("runs the function form on Elysia's context: useSession(context, config)", async () => {
    const jar = new CookieJar();
    const first = await send(jar, "/fn");
    expect(await first.json()).toEqual({ n: 1 });
    expect(names(first)).toContain("other");
    expect(await (await send(jar, "/fn")).json()).toEqual({ n: 2 });
  });

  it("takes over elysia-ironsession's cookie (iron-session's sealData, 14-day ttl) and reseals it", async () => {
    // What elysia-ironsession writes: sealData(data, { password, ttl }) into the `session` cookie.
    const old = await sealData(
      { user: "grace", visits: 3 },
      { password: PASSWORD, ttl: 14 * 86_400 },
    );
    const jar = new CookieJar().set("session", old);
    const response = await send(jar, "/read");
    expect(((await response.json()) as { data: unknown }).data).toEqual({
      user: "grace",
      visits: 3,
    });
    expect(names(response)).toEqual(["session"]);
    expect(jar.get("session")).not.toContain("~");
    expect(names(await send(jar, "/read"))).toEqual([]);
  });
});

describeCsrfMiddleware("Elysia csrf() on real Bun", async () => ({
  fetch: (path, init) => fetch(url + path, init),
}));
