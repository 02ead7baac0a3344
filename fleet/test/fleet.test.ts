// The fleet: four servers — h3, Hono, Express and a bare fetch handler on the
// Web binding — sharing one real Redis
// through unstorage, as behind a load balancer. A client signs in on one and
// is known on the others; "sign out everywhere" on one is honoured by every
// other within the revocation cache's bound; a Redis restart in the middle
// refuses sessions while it is down (never a 5xx) and serves them again
// after; in store mode, 50 concurrent clients spread over the four servers
// see only their own sessions and lose no write.
import { type ChildProcess, fork } from "node:child_process";
import { type RedisServer, startRedis } from "@sealed-session/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const FRAMEWORKS = ["h3", "hono", "express", "web"] as const;
const CACHE_MS = 300;

interface Server {
  readonly name: string;
  readonly url: string;
  readonly child: ChildProcess;
}

let redis: RedisServer;
const running: ChildProcess[] = [];

beforeAll(async () => {
  redis = await startRedis();
}, 30_000);

afterAll(async () => {
  for (const child of running) child.kill();
  await redis?.dispose();
});

async function startFleet(mode: "revocation" | "store"): Promise<Server[]> {
  return Promise.all(
    FRAMEWORKS.map(
      (name) =>
        new Promise<Server>((resolve, reject) => {
          const child = fork(new URL("../src/server.mjs", import.meta.url), [name, mode], {
            env: { ...process.env, REDIS_URL: redis.url, CACHE_MS: String(CACHE_MS) },
            stdio: ["ignore", "pipe", "inherit", "ipc"],
          });
          running.push(child);
          child.stdout?.on("data", (chunk: Buffer) => {
            const match = /listening (\d+)/.exec(String(chunk));
            if (match) resolve({ name, url: `http://127.0.0.1:${match[1]}`, child });
          });
          child.once("exit", (code) => reject(new Error(`${name} exited (${code})`)));
        }),
    ),
  );
}

/** A browser's cookie jar, kept per client. */
class Client {
  readonly #jar = new Map<string, string>();

  async call(server: Server, method: string, path: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const cookie = [...this.#jar].map(([name, value]) => `${name}=${value}`).join("; ");
    const response = await fetch(`${server.url}${path}`, { method, headers: cookie ? { cookie } : {} });
    for (const line of response.headers.getSetCookie()) {
      const pair = line.slice(0, line.indexOf(";"));
      const name = pair.slice(0, pair.indexOf("="));
      if (/max-age=0/i.test(line)) this.#jar.delete(name);
      else this.#jar.set(name, pair.slice(pair.indexOf("=") + 1));
    }
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  /** The cookie as it is now, to replay from elsewhere (a copied cookie). */
  copy(): Client {
    const other = new Client();
    for (const [name, value] of this.#jar) other.#jar.set(name, value);
    return other;
  }
}

const me = async (client: Client, server: Server) => (await client.call(server, "GET", "/me")).body;

describe("sealed sessions + revocation on Redis", () => {
  let fleet: Server[];
  beforeAll(async () => {
    fleet = await startFleet("revocation");
  }, 30_000);

  it("a session started on one server is read on the others", async () => {
    const alice = new Client();
    expect((await alice.call(fleet[0] as Server, "POST", "/sign-in?user=alice")).status).toBe(200);
    for (const server of fleet) expect(await me(alice, server)).toMatchObject({ user: "alice" });
  });

  it("revokeAll on one server is honoured on every other within the cache bound", async () => {
    const laptop = new Client();
    const phone = new Client();
    const [h3, hono, express, web] = fleet as [Server, Server, Server, Server];
    await laptop.call(web, "POST", "/sign-in?user=bob");
    await phone.call(hono, "POST", "/sign-in?user=bob");
    const carol = new Client();
    await carol.call(express, "POST", "/sign-in?user=carol");
    // Every server reads both devices (and caches "not revoked").
    for (const server of fleet) {
      expect(await me(laptop, server)).toMatchObject({ user: "bob" });
      expect(await me(phone, server)).toMatchObject({ user: "bob" });
    }
    const started = performance.now();
    await phone.call(express, "POST", "/revoke-all");
    const delays: number[] = [];
    for (const server of fleet) {
      for (const device of [laptop.copy(), phone.copy()]) {
        while ((await me(device, server)).user === "bob") {
          expect(performance.now() - started).toBeLessThan(CACHE_MS + 500);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        delays.push(performance.now() - started);
      }
    }
    console.log(`revokeAll honoured on all ${fleet.length} servers after ${Math.round(Math.max(...delays))} ms (cacheMs ${CACHE_MS})`);
    expect(Math.max(...delays)).toBeLessThan(CACHE_MS + 500);
    expect(await me(carol, h3)).toMatchObject({ user: "carol" });
    // Signing in again afterwards works everywhere.
    const again = new Client();
    await again.call(hono, "POST", "/sign-in?user=bob");
    for (const server of fleet) expect(await me(again, server)).toMatchObject({ user: "bob" });
  });

  it("sign-out revokes the session's id: a copy of its cookie is refused on every server", async () => {
    const dave = new Client();
    await dave.call(fleet[1] as Server, "POST", "/sign-in?user=dave");
    const stolen = dave.copy();
    await dave.call(fleet[2] as Server, "POST", "/sign-out");
    await new Promise((resolve) => setTimeout(resolve, CACHE_MS + 50));
    for (const server of fleet) expect(await me(stolen.copy(), server)).toMatchObject({ user: null });
  });

  it("a Redis restart in the middle: sessions are refused while it is down (no 5xx), served again after", async () => {
    const erin = new Client();
    await erin.call(fleet[0] as Server, "POST", "/sign-in?user=erin");
    await new Promise((resolve) => setTimeout(resolve, CACHE_MS + 50)); // nothing cached any more
    await redis.stop();
    for (const server of fleet) {
      const { status, body } = await erin.copy().call(server, "GET", "/me");
      expect([server.name, status, body.user]).toEqual([server.name, 200, null]);
    }
    await redis.start();
    await new Promise((resolve) => setTimeout(resolve, 500)); // the clients reconnect every 100 ms
    for (const server of fleet) expect(await me(erin.copy(), server)).toMatchObject({ user: "erin" });
    for (const server of fleet) {
      const seen = (await new Client().call(server, "GET", "/errors")).body as unknown as string[];
      expect(seen).toContain("ERR_STORE_UNAVAILABLE");
    }
  });
});

describe("store mode on Redis", () => {
  let fleet: Server[];
  beforeAll(async () => {
    fleet = await startFleet("store");
  }, 30_000);

  it("50 concurrent clients over the servers: no cross-talk, no lost write", async () => {
    const clients = Array.from({ length: 50 }, (_, i) => ({ user: `user${i}`, client: new Client() }));
    const n = fleet.length;
    await Promise.all(clients.map(({ user, client }, i) => client.call(fleet[i % n] as Server, "POST", `/sign-in?user=${user}`)));
    // Each client sends 6 increments, 3 at a time, to the servers in turn.
    const landed = new Map<string, number>();
    let conflicts = 0;
    await Promise.all(
      clients.map(async ({ user, client }, i) => {
        for (let batch = 0; batch < 2; batch++) {
          const results = await Promise.all(
            [0, 1, 2].map((k) => client.copy().call(fleet[(i + k + batch) % n] as Server, "POST", "/incr")),
          );
          for (const { status } of results) {
            expect([200, 409]).toContain(status);
            if (status === 200) landed.set(user, (landed.get(user) ?? 0) + 1);
            else conflicts++;
          }
        }
      }),
    );
    for (const [i, { user, client }] of clients.entries()) {
      const seen = await me(client, fleet[(i + 1) % n] as Server);
      expect(seen).toMatchObject({ user, n: landed.get(user) });
    }
    const total = [...landed.values()].reduce((a, b) => a + b, 0);
    console.log(`store mode: ${total} increments landed of ${50 * 6}, ${conflicts} refused with 409 after 10 retries`);
    expect(total).toBeGreaterThan(0);
  });

  it("lists a user's devices and signs one out for good", async () => {
    const [h3, hono, express, web] = fleet as [Server, Server, Server, Server];
    const laptop = new Client();
    const phone = new Client();
    await laptop.call(web, "POST", "/sign-in?user=frank");
    await phone.call(express, "POST", "/sign-in?user=frank");
    const devices = (await laptop.call(hono, "GET", "/devices")).body as unknown as Array<{ id: string }>;
    expect(devices.map((d) => d.id).sort()).toEqual([(await me(laptop, h3)).id, (await me(phone, h3)).id].sort());
    const stolen = phone.copy();
    await phone.call(hono, "POST", "/sign-out");
    for (const server of fleet) expect(await me(stolen.copy(), server)).toMatchObject({ user: null });
    expect(((await laptop.call(express, "GET", "/devices")).body as unknown as unknown[]).length).toBe(1);
  });
});
