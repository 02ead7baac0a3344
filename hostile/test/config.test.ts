// A careless operator and a careless handler: every configuration mistake
// is refused when the middleware is set up (or, for per-call configs, on
// first use) with a typed error that says how to fix it; data JSON cannot
// hold is a typed error that stages nothing, on every adapter; a throwing
// onError hook never turns a bad cookie into a 5xx.
import { type SessionConfig, seal } from "@sealed-session/core";
import { resolveSessionConfig } from "@sealed-session/core/adapter";
import { session as expressSession } from "@sealed-session/express";
import { session as honoSession } from "@sealed-session/hono";
import { afterAll, describe, expect, it, vi } from "vitest";
import { type App, FRAMEWORKS, startApp, UNSERIALIZABLE } from "../src/apps";
import { codeOf, cookieHeader, look, pool, sessionCookies } from "../src/client";
import { count, table } from "../src/tally";

const PASSWORD = "hostile-suite-password-0123456789-abcdefgh";
const good: SessionConfig = { password: PASSWORD, name: "session" };

afterAll(() => {
  console.log(`\nHostile input, counts so far:\n${table()}\n`);
});

// Every mistake, with the typed code it must be refused with.
const NAME_CHARACTERS = ["\r", "\n", "\r\n", ";", "=", " ", ",", '"', "\u0000", "é"];
const mistakes: Array<[string, Partial<SessionConfig> & Record<string, unknown>, string]> = [
  ["no password", { password: undefined }, "ERR_PASSWORD_MISSING"],
  ["a short password", { password: "too-short" }, "ERR_PASSWORD_SHORT"],
  [
    "a weak old password in a rotation map",
    { password: { 1: "short-old-one", 2: PASSWORD } },
    "ERR_PASSWORD_SHORT",
  ],
  ["a placeholder password", { password: "a".repeat(32) }, "ERR_PASSWORD_INVALID"],
  // Refused where weakSecrets is "refuse": the default under NODE_ENV=production (see core's package tests).
  [
    "a repeated placeholder",
    { password: "changeme".repeat(4), seal: { weakSecrets: "refuse" } },
    "ERR_PASSWORD_WEAK",
  ],
  [
    "a placeholder phrase",
    { password: "change-me-to-a-32-character-secret", seal: { weakSecrets: "refuse" } },
    "ERR_PASSWORD_WEAK",
  ],
  [
    "an old placeholder in a rotation map",
    {
      password: { 1: "your-secret-goes-here-0123456789", 2: PASSWORD },
      seal: { weakSecrets: "refuse" },
    },
    "ERR_PASSWORD_WEAK",
  ],
  ["an all-zero raw key", { password: new Uint8Array(32) }, "ERR_PASSWORD_INVALID"],
  [
    "a raw key of the wrong size",
    { password: crypto.getRandomValues(new Uint8Array(16)) },
    "ERR_PASSWORD_INVALID",
  ],
  [
    "a 9-character __Host- name without Secure",
    { name: "__Host-ab", cookie: { secure: false } },
    "ERR_OPTIONS_INVALID",
  ],
  [
    "an 8-character __host- name without Secure",
    { name: "__host-a", cookie: { secure: false } },
    "ERR_OPTIONS_INVALID",
  ],
  [
    "a __Host- name with a Domain",
    { name: "__Host-s", cookie: { domain: "example.com" } },
    "ERR_OPTIONS_INVALID",
  ],
  ["set-cookie as the session header", { sessionHeader: "set-cookie" }, "ERR_OPTIONS_INVALID"],
  ["Cookie as the session header", { sessionHeader: "Cookie" }, "ERR_OPTIONS_INVALID"],
  ["maxAge in milliseconds", { maxAge: 7 * 86_400_000 }, "ERR_OPTIONS_INVALID"],
  ["a negative maxAge", { maxAge: -1 }, "ERR_OPTIONS_INVALID"],
  ["an infinite idleTimeout", { idleTimeout: Number.POSITIVE_INFINITY }, "ERR_OPTIONS_INVALID"],
  ["a huge idleTimeout", { idleTimeout: 1e300 }, "ERR_OPTIONS_INVALID"],
  ["cookie.maxAge 0", { cookie: { maxAge: 0 } }, "ERR_OPTIONS_INVALID"],
  ["a negative cookie.maxAge", { cookie: { maxAge: -60 } }, "ERR_OPTIONS_INVALID"],
  ["cookie.maxAge in milliseconds", { cookie: { maxAge: 30 * 86_400_000 } }, "ERR_OPTIONS_INVALID"],
  [
    "a fixed cookie.expires",
    { cookie: { expires: new Date(Date.now() + 86_400_000) } },
    "ERR_OPTIONS_INVALID",
  ],
  [
    "SameSite=None without Secure",
    { cookie: { sameSite: "none", secure: false } },
    "ERR_OPTIONS_INVALID",
  ],
  ["a chunk too long for a browser", { cookie: { chunkMaxLength: 5000 } }, "ERR_OPTIONS_INVALID"],
  ["a maxSize of 10 bytes", { maxSize: 10 }, "ERR_OPTIONS_INVALID"],
  ["a name that is another session's chunk", { name: "session.1" }, "ERR_OPTIONS_INVALID"],
  ["seal.encode in a session config", { seal: { encode: JSON.stringify } }, "ERR_OPTIONS_INVALID"],
  ["zero iterations", { seal: { encryption: { iterations: 0 } } }, "ERR_OPTIONS_INVALID"],
  ["a schema that is not a Standard Schema", { schema: {} as never }, "ERR_OPTIONS_INVALID"],
  [
    "a revocation that is not createRevocation()'s",
    { revocation: {} as never },
    "ERR_OPTIONS_INVALID",
  ],
  ["a store that is not createSessionStore()'s", { store: {} as never }, "ERR_OPTIONS_INVALID"],
  ["a userKey that is not a function", { userKey: "userId" as never }, "ERR_OPTIONS_INVALID"],
  ...NAME_CHARACTERS.map((c): [string, Record<string, unknown>, string] => [
    `${JSON.stringify(c)} in name`,
    { name: `a${c}b` },
    "ERR_OPTIONS_INVALID",
  ]),
  ...NAME_CHARACTERS.map((c): [string, Record<string, unknown>, string] => [
    `${JSON.stringify(c)} in sessionHeader`,
    { sessionHeader: `x-a${c}b` },
    "ERR_OPTIONS_INVALID",
  ]),
  ...["\r", "\n", ";", "\u0000"].map((c): [string, Record<string, unknown>, string] => [
    `${JSON.stringify(c)} in cookie.path`,
    { cookie: { path: `/a${c}b` } },
    "ERR_OPTIONS_INVALID",
  ]),
  ...["\r", "\n", ";", "=", " ", "\u0000"].map((c): [string, Record<string, unknown>, string] => [
    `${JSON.stringify(c)} in cookie.domain`,
    { cookie: { domain: `a${c}b.example` } },
    "ERR_OPTIONS_INVALID",
  ]),
];

describe("configuration mistakes", () => {
  it("each is refused at set-up, by the core and by the Hono and Express middleware, with its typed code", () => {
    const wrong: string[] = [];
    for (const [label, change, code] of mistakes) {
      const config = { ...good, ...change } as SessionConfig;
      for (const [where, setUp] of [
        ["core", () => resolveSessionConfig(config)],
        ["hono", () => honoSession(config)],
        ["express", () => expressSession(config)],
      ] as const) {
        const got = codeOf(setUp);
        if (got !== code) wrong.push(`${where}: ${label}: ${got}, not ${code}`);
      }
    }
    count("configuration mistakes refused at set-up", {
      cases: mistakes.length,
      requests: mistakes.length * 3,
      wrong: wrong.length,
      measured: "core, Hono and Express middleware",
    });
    expect(wrong).toEqual([]);
  });

  it("a per-call config (h3, Nitro's form) is refused on first use: the handler fails, nothing is written", async () => {
    const samples = mistakes.filter((_, i) => i % 4 === 0);
    const logged = vi.spyOn(console, "error").mockImplementation(() => {}); // h3 logs each failed handler
    let wrong = 0;
    let requests = 0;
    for (const [, change] of samples) {
      const app = await startApp("h3", { ...good, ...change } as SessionConfig);
      const seen = await look(app.server, {});
      requests++;
      if (seen.status !== 500 || seen.setCookies.length > 0) wrong++;
      await app.server.close();
    }
    logged.mockRestore();
    count("configuration mistakes in per-call configs (h3)", {
      cases: samples.length,
      requests,
      wrong,
      measured: "500 from the handler, no Set-Cookie",
    });
    expect(wrong).toBe(0);
  });

  it("few PBKDF2 iterations on a password draw one start-up warning; a generateId making no id is refused on first use", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    resolveSessionConfig({
      ...good,
      seal: { encryption: { iterations: 1 }, integrity: { iterations: 1 } },
    });
    const warned = warn.mock.calls.filter(([message]) =>
      String(message).includes("iterations is 1"),
    ).length;
    warn.mockRestore();
    const ids: unknown[] = ["", 42, undefined, null];
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const refused = await Promise.all(
      ids.map(async (id) => {
        const app = await startApp("web", { ...good, generateId: () => id as string });
        const seen = await look(app.server, {});
        await app.server.close();
        return seen.status === 500 && seen.setCookies.length === 0;
      }),
    );
    logged.mockRestore();
    count("few iterations (warned), generateId without an id (refused)", {
      cases: 1 + ids.length,
      requests: 1 + ids.length,
      wrong: (warned === 1 ? 0 : 1) + refused.filter((r) => !r).length,
      measured: `${warned} warning; ${refused.filter(Boolean).length} of ${ids.length} refused`,
    });
    expect(warned).toBe(1);
    expect(refused).toEqual(ids.map(() => true));
  });
});

describe("data JSON cannot hold, through every adapter over node:http", () => {
  it("update() and commit() throw SealDataError and stage nothing: the client keeps its session", async () => {
    const apps = await Promise.all(FRAMEWORKS.map((framework) => startApp(framework, good)));
    try {
      const write = await (apps[0] as App).server.fetch("/write", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ user: "ada" }),
      });
      const cookie = cookieHeader(sessionCookies(write.headers.getSetCookie(), "session"));
      const work = apps.flatMap((app) =>
        UNSERIALIZABLE.flatMap((kind) =>
          (["update", "commit"] as const).map((via) => ({ app, kind, via })),
        ),
      );
      const wrong: string[] = [];
      let serverErrors = 0;
      await pool(work, 8, async ({ app, kind, via }) => {
        const response = await app.server.fetch(`/bad?kind=${kind}&via=${via}`, {
          method: "POST",
          headers: { cookie },
        });
        const body = (await response.json().catch(() => ({}))) as { code?: string };
        if (response.status >= 500) serverErrors++;
        const staged = sessionCookies(response.headers.getSetCookie(), "session");
        if (response.status !== 422 || body.code !== "ERR_SEAL_DATA" || staged.length > 0) {
          wrong.push(
            `${app.framework} ${kind} via ${via}: ${response.status} ${body.code} ${staged.length} cookies`,
          );
        }
        // The client's session is intact.
        const after = await look(app.server, { cookie });
        if (after.data?.user !== "ada")
          wrong.push(`${app.framework} ${kind} via ${via}: session lost`);
      });
      count("data JSON cannot hold (BigInt, cycle, 100,000 levels, throwing toJSON)", {
        cases: UNSERIALIZABLE.length * 2,
        requests: work.length * 2,
        serverErrors,
        wrong: wrong.length,
        measured: "422 with ERR_SEAL_DATA, no Set-Cookie, session intact",
      });
      expect({ serverErrors, wrong }).toEqual({ serverErrors: 0, wrong: [] });
    } finally {
      await Promise.all(apps.map((app) => app.server.close()));
    }
  });
});

describe("failing hooks, through every adapter (issue 23)", () => {
  // Each way an application hook can fail: thrown, or rejected by an async hook.
  const broken = (how: string) =>
    how === "throws"
      ? () => {
          throw new Error("a broken hook");
        }
      : async () => {
          await Promise.resolve();
          throw new Error("a broken async hook");
        };
  const hooks: Array<[string, Partial<SessionConfig>]> = [
    ["onError throws", { onError: broken("throws") }],
    ["onError rejects", { onError: broken("rejects") }],
    ["telemetry throws", { telemetry: broken("throws") }],
    ["telemetry rejects", { telemetry: broken("rejects") }],
  ];

  it("never turn a bad cookie into a 5xx, nor into an unhandled rejection", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    // Past maxAge: created in 1970.
    const expired = await seal({ id: "x", createdAt: 1, data: { user: "ada" } }, PASSWORD);
    const cookies = ["session=garbage", `session=${expired}`, "session=Fe26.2**a*b*c**d*e"];
    let requests = 0;
    let serverErrors = 0;
    let accepted = 0;
    try {
      for (const [, hook] of hooks) {
        const apps = await Promise.all(
          FRAMEWORKS.map((framework) => startApp(framework, { ...good, maxAge: 60, ...hook })),
        );
        try {
          const results = await Promise.all(
            apps.flatMap((app) => cookies.map((cookie) => look(app.server, { cookie }))),
          );
          requests += results.length;
          serverErrors += results.filter((seen) => seen.status >= 500).length;
          accepted += results.filter((seen) => seen.data?.user === "ada").length;
        } finally {
          await Promise.all(apps.map((app) => app.server.close()));
        }
      }
      // A rejection becomes unhandled once the microtasks have run: give it a turn of the event loop.
      await new Promise((resolve) => setTimeout(resolve, 20));
      const logged = error.mock.calls.filter((call) =>
        String(call[0]).includes("hook failed"),
      ).length;
      count("failing hooks (thrown or rejected onError, telemetry)", {
        cases: hooks.length * cookies.length,
        requests,
        serverErrors,
        accepted,
        wrong: unhandled.length,
        measured: `${logged} failures logged, ${unhandled.length} unhandled rejections`,
      });
      expect({ serverErrors, accepted, unhandled: unhandled.length }).toEqual({
        serverErrors: 0,
        accepted: 0,
        unhandled: 0,
      });
      expect(logged).toBeGreaterThanOrEqual(requests);
    } finally {
      process.off("unhandledRejection", onUnhandled);
      error.mockRestore();
    }
  });
});
