// Nitro's documented session flow, against the built app (`nitropack build`)
// started as a real server on 127.0.0.1.
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const password = "nitro-example-password-0123456789abcdef";
let server: ChildProcess;
let base = "";

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, [".output/server/index.mjs"], {
    cwd: root,
    env: { ...process.env, NITRO_HOST: "127.0.0.1", NITRO_PORT: String(port), NITRO_SESSION_PASSWORD: password },
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Wait until it answers (bounded: 15 s).
  for (let i = 0; i < 150; i++) {
    if (
      await fetch(`${base}/data`).then(
        () => true,
        () => false,
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the Nitro server did not start");
});

afterAll(() => {
  server?.kill();
});

describe("examples/nitro: the documented flow", () => {
  it("GET / updates the session and returns a Set-Cookie named after runtimeConfig.session.name", async () => {
    const response = await fetch(`${base}/`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ foo: "bar" });
    const cookies = response.headers.getSetCookie();
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toMatch(/^custom-name=Fe26\.2\*/);
  });

  it("GET /data reads { foo: 'bar' } back with the cookie, and with the x-custom-name-session header", async () => {
    const cookie = (await fetch(`${base}/`)).headers.getSetCookie()[0] as string;
    const pair = cookie.slice(0, cookie.indexOf(";"));
    expect(await (await fetch(`${base}/data`, { headers: { cookie: pair } })).json()).toEqual({ foo: "bar" });
    const token = decodeURIComponent(pair.slice("custom-name=".length));
    expect(await (await fetch(`${base}/data`, { headers: { "x-custom-name-session": token } })).json()).toEqual({ foo: "bar" });
  });

  it("without the cookie, /data is a fresh, empty session", async () => {
    expect(await (await fetch(`${base}/data`)).json()).toEqual({});
  });
});
