// One list of scenarios, each run through h3's built-in session functions and
// through this adapter on the same app. Every documented option is covered.
import { type SessionConfig, seal } from "@sealed-session/core";
import { expect } from "vitest";
import type { CookieSeen } from "./observe";
import { type Handler, type Scenario, START } from "./run";

export const password = "differential-test-password-0123456789abcdef";
const base: SessionConfig = { password };

// Routes shared by most scenarios: the documented calls, returning what the app sees.
const use: Handler = async (fns, event, config) => {
  const session = await fns.useSession(event, config);
  return { id: session.id, data: session.data };
};
const write: Handler = async (fns, event, config) => {
  const session = await fns.useSession(event, config);
  await session.update({ foo: "bar", n: ((session.data.n as number) ?? 0) + 1 });
  return { id: session.id, data: session.data };
};
const clear: Handler = async (fns, event, config) => {
  const session = await fns.useSession(event, config);
  await session.clear();
  return { data: session.data };
};
const routes = { "/": use, "/write": write, "/clear": clear };
const flow = [
  { route: "/" },
  { route: "/write" },
  { route: "/" },
  { route: "/write" },
  { route: "/clear" },
  { route: "/" },
] as const;

// A session h3 1.x, iron-session or nuxt-auth-utils sealed: iron's 1 iteration, created at the scenario's start.
const legacyCookie = async () => {
  const record = { id: "legacy-id", createdAt: Date.now(), data: { from: "h3 v1" } };
  return {
    cookie: `h3=${await seal(record, password, { encryption: { iterations: 1 }, integrity: { iterations: 1 } })}`,
  };
};

// What a token sealed with the defaults and no password id shows (see observe.ts).
const sealed = (record: object, expiresIn: number | null = null) => ({
  parts: 8,
  passwordId: "",
  expiresIn,
  iterations: 8192,
  record,
});

export const scenarios: Scenario[] = [
  { name: "defaults: create, update, read back, clear", config: base, routes, steps: flow },
  { name: "name", config: { ...base, name: "custom-name" }, routes, steps: flow },
  {
    name: "every cookie attribute",
    config: {
      ...base,
      cookie: {
        domain: "example.com",
        path: "/app",
        sameSite: "none",
        priority: "high",
        partitioned: true,
      },
    },
    routes,
    steps: [{ route: "/write" }, { route: "/" }, { route: "/clear" }],
  },
  {
    name: "cookie attributes turned off",
    config: { ...base, cookie: { secure: false, httpOnly: false, sameSite: false, path: "/" } },
    routes,
    steps: [{ route: "/write" }, { route: "/clear" }],
  },
  {
    name: "cookie.maxAge: the token expires with the cookie",
    config: { ...base, cookie: { maxAge: 600 } },
    routes,
    // The harness's jar keeps cookies past Max-Age: the last step replays a copy a year later.
    steps: [{ route: "/write" }, { route: "/" }, { route: "/", after: 365 * 86_400 }],
    patches: [
      {
        id: "token-expiry",
        step: 0,
        path: ["cookieTokens", "h3", "expiresIn"],
        h3: null,
        ours: 600_000,
      },
      // h3's token never expires: the year-old copy still loads. Ours has expired: a fresh session.
      {
        id: "token-expiry",
        step: 2,
        path: ["body"],
        h3: { id: "uuid-1", data: { foo: "bar", n: 1 } },
        ours: { id: "uuid-2", data: {} },
      },
      {
        id: "token-expiry",
        step: 2,
        path: ["cookies"],
        h3: [],
        ours: [
          {
            name: "h3",
            value: "token",
            attributes: {
              httponly: true,
              "max-age": "600",
              path: "/",
              samesite: "Lax",
              secure: true,
            },
          },
        ],
      },
      {
        id: "token-expiry",
        step: 2,
        path: ["cookieTokens"],
        h3: {},
        ours: { h3: sealed({ id: "uuid-2", createdAt: 365 * 86_400_000, data: {} }, 600_000) },
      },
      { id: "token-expiry", step: 2, path: ["generatedIds"], h3: 0, ours: 1 },
      { id: "token-expiry", step: 2, path: ["seals"], h3: 0, ours: 1 },
    ],
  },
  {
    name: "cookie.expires fixed at start-up",
    config: { ...base, cookie: { expires: new Date(START + 60_000) } },
    routes,
    steps: [{ route: "/write" }],
    // h3 writes `Expires` a minute after start-up, and then cookies that arrive expired; ours refuses the config.
    patches: [
      { id: "lifetime-checks", step: 0, path: ["status"], h3: 200, ours: 500 },
      ...(["v2", "v1"] as const).map((major) => ({
        id: "lifetime-checks" as const,
        major,
        step: 0,
        path: ["body"],
        h3: { id: "uuid-1", data: { foo: "bar", n: 1 } },
        // Each major's own answer to a handler that threw.
        ours:
          major === "v2"
            ? { status: 500, unhandled: true, message: "HTTPError" }
            : { statusCode: 500, stack: [] },
      })),
      {
        id: "lifetime-checks",
        step: 0,
        path: ["cookies"],
        h3: [expect.objectContaining({ attributes: expect.objectContaining({ expires: 60 }) })],
        ours: [],
      },
      {
        id: "lifetime-checks",
        step: 0,
        path: ["cookieTokens"],
        h3: { h3: expect.objectContaining({ expiresIn: null }) },
        ours: {},
      },
      { id: "lifetime-checks", step: 0, path: ["generatedIds"], h3: 1, ours: 0 },
      { id: "lifetime-checks", step: 0, path: ["seals"], h3: expect.any(Number), ours: 0 },
    ],
  },
  {
    name: "cookie: false (header sessions only)",
    config: { ...base, cookie: false },
    routes: {
      ...routes,
      "/token": async (fns, event, config) => {
        const session = await fns.useSession(event, config);
        await session.update({ foo: "bar" });
        return { token: await fns.sealSession(event, config) };
      },
    },
    steps: [{ route: "/write" }, { route: "/", send: "header" }],
  },
  {
    name: "maxAge: Expires, the token's expiry, and a fresh session once it has passed",
    config: { ...base, maxAge: 100 },
    routes,
    steps: [
      { route: "/write" },
      { route: "/write", after: 40 },
      { route: "/", after: 30 },
      { route: "/", after: 31 },
    ],
    // Resealed 40 s in: h3's token lives another full maxAge, ours until the session ends.
    patches: [
      {
        id: "token-expiry",
        step: 1,
        path: ["cookieTokens", "h3", "expiresIn"],
        h3: 100_000,
        ours: 60_000,
      },
    ],
  },
  {
    name: "idleTimeout with a fake clock: slide past half the window, expire past all of it",
    config: { ...base, idleTimeout: 60 },
    routes,
    steps: [
      { route: "/write" },
      { route: "/", after: 20 },
      { route: "/", after: 20 },
      { route: "/", after: 20 },
      { route: "/", after: 61 },
    ],
    majors: ["v2"], // h3 1.15 has no idleTimeout
  },
  {
    name: "idleTimeout with maxAge: Expires is whichever ends first",
    config: { ...base, idleTimeout: 60, maxAge: 100 },
    routes,
    steps: [
      { route: "/write" },
      { route: "/", after: 40 },
      { route: "/", after: 40 },
      { route: "/", after: 25 },
    ],
    majors: ["v2"],
    patches: [60_000, 60_000, 20_000, 60_000].map((ours, step) => ({
      id: "token-expiry",
      step,
      path: ["cookieTokens", "h3", "expiresIn"],
      h3: 100_000,
      ours,
    })),
  },
  {
    name: "generateId",
    // The harness numbers the ids per run: app-id-1, app-id-2…
    config: { ...base, generateId: () => "app-id" },
    routes,
    steps: [
      { route: "/" },
      { route: "/" },
      { route: "/write" },
      { route: "/", send: "header" },
      { route: "/clear" },
      { route: "/" },
    ],
  },
  {
    name: "seal options (iterations, algorithm, ttl override)",
    // Complete key options: h3 replaces its defaults' encryption and integrity objects whole.
    config: {
      ...base,
      seal: {
        encryption: {
          iterations: 1000,
          algorithm: "aes-128-ctr",
          saltBits: 128,
          minPasswordlength: 32,
        },
        integrity: { iterations: 1000, algorithm: "sha256", saltBits: 128, minPasswordlength: 32 },
        ttl: 5000,
      },
    },
    routes,
    steps: [{ route: "/write" }, { route: "/" }],
  },
  {
    name: "header sessions: read from x-h3-session, updated by cookie",
    config: base,
    routes,
    steps: [
      { route: "/write" },
      { route: "/", send: "header" },
      { route: "/write", send: "header" },
      { route: "/clear", send: "header" },
    ],
    patches: [
      {
        id: "header-renewal",
        step: 2,
        path: ["sessionHeaders", "x-h3-session"],
        h3: undefined,
        ours: sealed({ id: "uuid-1", createdAt: 0, data: { foo: "bar", n: 2 } }),
      },
      {
        id: "header-renewal",
        step: 3,
        path: ["sessionHeaders", "x-h3-session"],
        h3: undefined,
        ours: "",
      },
    ],
  },
  {
    name: "the manager after clear()",
    config: base,
    routes: {
      ...routes,
      "/clear-then-read": async (fns, event, config) => {
        const session = await fns.useSession(event, config);
        const before = session.id;
        await session.clear();
        return { before, after: session.id ?? null, data: session.data };
      },
    },
    steps: [{ route: "/write" }, { route: "/clear-then-read" }, { route: "/" }],
    patches: [
      // h3 drops the session: its manager's id is undefined until the next request.
      // Ours starts the new session at once (its id made when first read), so the
      // manager always has one, and the same id is sealed if the handler writes.
      { id: "clear-new-session", step: 1, path: ["body", "after"], h3: null, ours: "uuid-2" },
      { id: "clear-new-session", step: 1, path: ["generatedIds"], h3: 0, ours: 1 },
      { id: "clear-new-session", step: 2, path: ["body", "id"], h3: "uuid-2", ours: "uuid-3" },
      {
        id: "clear-new-session",
        step: 2,
        path: ["cookieTokens", "h3", "record", "id"],
        h3: "uuid-2",
        ours: "uuid-3",
      },
    ],
  },
  {
    name: "sessionHeader: a custom header name",
    config: { ...base, sessionHeader: "X-Auth-Token" },
    routes,
    steps: [
      { route: "/write" },
      { route: "/", send: { headers: {} } },
      {
        route: "/",
        send: {
          headers: async () => {
            const token = await seal(
              { id: "from-header", createdAt: Date.now(), data: { via: "header" } },
              password,
            );
            return { "x-auth-token": token, "x-h3-session": "ignored" };
          },
        },
      },
    ],
    majors: ["v2"], // the token is sealed at 8192 iterations, which h3 1.15 does not read
  },
  {
    name: "sessionHeader: false ignores x-h3-session",
    config: { ...base, sessionHeader: false },
    routes,
    steps: [{ route: "/write" }, { route: "/", send: "header" }],
  },
  {
    name: "forged, truncated and foreign tokens give a fresh session",
    config: base,
    routes,
    steps: [
      { route: "/", send: { headers: { cookie: "h3=Fe26.2**forged" } } },
      { route: "/", send: { headers: { cookie: "h3=garbage" } } },
      { route: "/", send: { headers: { "x-h3-session": "Fe26.2*1*a*b*c**d*e" } } },
      { route: "/", send: { headers: { cookie: "h3=__chunked__2; h3.1=Fe26.2" } } },
      // 22 bytes that announce 100 chunks and carry none.
      { route: "/write", send: { headers: { cookie: "h3=__chunked__100" } } },
    ],
    patches: [
      {
        // A chunked cookie h3 1.15 cannot read: ours also expires the chunk the request carried.
        id: "v1-chunks",
        major: "v1",
        step: 3,
        path: ["cookies"],
        h3: [
          {
            name: "h3",
            value: "token",
            attributes: { httponly: true, path: "/", samesite: "Lax", secure: true },
          },
        ],
        ours: (cookies: unknown[]) => [
          ...cookies,
          {
            name: "h3.1",
            value: "",
            attributes: {
              httponly: true,
              "max-age": "0",
              path: "/",
              samesite: "Lax",
              secure: true,
            },
          },
        ],
      },
      // h3 v2 expires every chunk the main cookie announces; ours only those the request carried.
      {
        id: "chunk-deletions",
        major: "v2",
        step: 3,
        path: ["cookies"],
        h3: expect.arrayContaining([expect.objectContaining({ name: "h3.2", value: "" })]),
        ours: (cookies: CookieSeen[]) => cookies.filter((c) => c.name !== "h3.2"),
      },
      {
        id: "chunk-deletions",
        major: "v2",
        step: 4,
        path: ["cookies"],
        h3: expect.toSatisfy(
          (cookies: CookieSeen[]) =>
            cookies.length === 101 && cookies.some((c) => c.name === "h3.100" && c.value === ""),
        ),
        ours: (cookies: CookieSeen[]) => cookies.filter((c) => c.name === "h3"),
      },
    ],
  },
  {
    name: "a session chunked over 4 KB, read back, shrunk, cleared",
    config: base,
    routes: {
      ...routes,
      "/big": async (fns, event, config) => {
        const session = await fns.useSession(event, config);
        await session.update({ big: "x".repeat(6000) });
        return { id: session.id, size: (session.data.big as string).length };
      },
      "/small": async (fns, event, config) => {
        const session = await fns.useSession(event, config);
        await session.update({ big: "small" });
        return { id: session.id, data: session.data };
      },
    },
    steps: [
      { route: "/big" },
      { route: "/" },
      { route: "/small" },
      { route: "/big" },
      { route: "/clear" },
    ],
    majors: ["v2"],
  },
  {
    name: "a handler that throws after an update",
    config: base,
    routes: {
      ...routes,
      "/throw": async (fns, event, config) => {
        const session = await fns.useSession(event, config);
        await session.update({ saved: true });
        throw new Error("handler failed");
      },
    },
    steps: [{ route: "/throw" }, { route: "/" }],
  },
  {
    name: "parallel useSession calls in one handler share one session",
    config: base,
    routes: {
      ...routes,
      "/parallel": async (fns, event, config) => {
        const sessions = await Promise.all([
          fns.useSession(event, config),
          fns.useSession(event, config),
          fns.getSession(event, config),
        ]);
        return { ids: sessions.map((s) => s.id) };
      },
    },
    steps: [{ route: "/parallel" }, { route: "/write" }, { route: "/parallel" }],
  },
  {
    name: "two named sessions in one app",
    config: base,
    routes: {
      "/both": async (fns, event, config) => {
        const user = await fns.useSession(event, { ...config, name: "user" });
        const admin = await fns.useSession(event, { ...config, name: "admin" });
        await user.update({ role: "user" });
        await admin.update({ role: "admin" });
        return { user: user.data, admin: admin.data };
      },
      "/read": async (fns, event, config) => {
        const user = await fns.getSession(event, { ...config, name: "user" });
        const admin = await fns.getSession(event, { ...config, name: "admin" });
        return { user: user.data, admin: admin.data };
      },
    },
    steps: [{ route: "/both" }, { route: "/read" }],
  },
  {
    name: "getSession, updateSession, clearSession, sealSession, unsealSession",
    config: base,
    routes: {
      "/get": async (fns, event, config) => {
        const session = await fns.getSession(event, config);
        return { id: session.id, data: session.data };
      },
      "/update": async (fns, event, config) => {
        const session = await fns.updateSession(event, config, (data: Record<string, unknown>) => ({
          n: ((data.n as number) ?? 0) + 1,
        }));
        return { id: session.id, data: session.data };
      },
      "/seal": async (fns, event, config) => {
        const token = await fns.sealSession(event, config);
        const back = await fns.unsealSession(event, config, token);
        return { back };
      },
      "/clear": async (fns, event, config) => {
        await fns.clearSession(event, config);
        return { cleared: true };
      },
    },
    steps: [
      { route: "/update" },
      { route: "/get" },
      { route: "/seal" },
      { route: "/clear" },
      { route: "/get" },
      { route: "/update" },
    ],
    // h3 1.15's getSession seals a new session into a cookie; ours (and h3 2) leaves writing to update().
    patches: [
      { id: "v1-get-session", major: "v1", step: 0, path: ["seals"], h3: 2, ours: 1 },
      {
        id: "v1-get-session",
        major: "v1",
        step: 4,
        path: ["cookies"],
        h3: [
          {
            name: "h3",
            value: "token",
            attributes: { httponly: true, path: "/", samesite: "Lax", secure: true },
          },
        ],
        ours: [],
      },
      {
        id: "v1-get-session",
        major: "v1",
        step: 4,
        path: ["cookieTokens"],
        h3: { h3: sealed({ id: "uuid-2", createdAt: 0, data: {} }) },
        ours: {},
      },
      { id: "v1-get-session", major: "v1", step: 4, path: ["seals"], h3: 1, ours: 0 },
      // So the next request starts yet another session.
      {
        id: "v1-get-session",
        major: "v1",
        step: 5,
        path: ["body", "id"],
        h3: "uuid-2",
        ours: "uuid-3",
      },
      {
        id: "v1-get-session",
        major: "v1",
        step: 5,
        path: ["cookieTokens", "h3", "record", "id"],
        h3: "uuid-2",
        ours: "uuid-3",
      },
      { id: "v1-get-session", major: "v1", step: 5, path: ["generatedIds"], h3: 0, ours: 1 },
    ],
  },
  {
    name: "legacySealFallback (default): a 1-iteration cookie is read and resealed at 8192",
    config: base,
    routes,
    steps: [{ route: "/", send: { headers: legacyCookie } }, { route: "/" }],
    majors: ["v2"], // h3 1.15 seals at 1 iteration itself
  },
  {
    name: "legacySealFallback: false refuses a 1-iteration cookie",
    config: { ...base, legacySealFallback: false },
    routes,
    steps: [{ route: "/", send: { headers: legacyCookie } }],
    majors: ["v2"],
  },
  {
    name: "a header session past half its idle window",
    config: { ...base, idleTimeout: 60 },
    routes,
    steps: [
      { route: "/write" },
      { route: "/", send: "header", after: 40 },
      { route: "/", send: "header", after: 40 },
    ],
    majors: ["v2"],
    patches: [
      {
        // h3 leaves a header session alone until it expires; ours slides it, in the header only.
        id: "header-renewal",
        step: 1,
        path: ["sessionHeaders", "x-h3-session"],
        h3: undefined,
        ours: sealed(
          { id: "uuid-1", createdAt: 0, data: { foo: "bar", n: 1 }, lastSeenAt: 40_000 },
          60_000,
        ),
      },
      { id: "header-renewal", step: 1, path: ["seals"], h3: 0, ours: 1 },
      // 80 s after the last seal h3's session has expired; ours was renewed at 40 s and lives.
      {
        id: "header-renewal",
        step: 2,
        path: ["body"],
        h3: { id: "uuid-2", data: {} },
        ours: { id: "uuid-1", data: { foo: "bar", n: 1 } },
      },
      {
        id: "header-renewal",
        step: 2,
        path: ["sessionHeaders", "x-h3-session"],
        h3: undefined,
        ours: sealed(
          { id: "uuid-1", createdAt: 0, data: { foo: "bar", n: 1 }, lastSeenAt: 80_000 },
          60_000,
        ),
      },
      { id: "header-renewal", step: 2, path: ["generatedIds"], h3: 1, ours: 0 },
      {
        id: "header-renewal",
        step: 2,
        path: ["cookies"],
        h3: [
          {
            name: "h3",
            value: "token",
            attributes: { expires: 60, httponly: true, path: "/", samesite: "Lax", secure: true },
          },
        ],
        ours: [],
      },
      {
        id: "header-renewal",
        step: 2,
        path: ["cookieTokens"],
        h3: {
          h3: sealed({ id: "uuid-2", createdAt: 80_000, data: {}, lastSeenAt: 80_000 }, 60_000),
        },
        ours: {},
      },
    ],
  },
  {
    name: "a session too large for the browser",
    config: base,
    routes: {
      ...routes,
      "/huge": async (fns, event, config) => {
        const session = await fns.useSession(event, config);
        await session.update({ huge: "x".repeat(20_000) });
        return { id: session.id };
      },
    },
    steps: [{ route: "/write" }, { route: "/huge" }, { route: "/" }],
    majors: ["v2"],
    patches: [
      // h3 writes six chunks (the browser then sends a 20 KB Cookie header: Node answers 431);
      // ours throws SessionTooLargeError before any header changes: the handler fails, the old session stays.
      { id: "size-budget", step: 1, path: ["status"], h3: 200, ours: 500 },
      {
        id: "size-budget",
        step: 1,
        path: ["body"],
        h3: { id: "uuid-1" },
        ours: { status: 500, unhandled: true, message: "HTTPError" },
      },
      {
        id: "size-budget",
        step: 1,
        path: ["cookies"],
        h3: expect.arrayContaining([expect.objectContaining({ value: "__chunked__7" })]),
        ours: [],
      },
      {
        id: "size-budget",
        step: 1,
        path: ["cookieTokens"],
        h3: { h3: expect.objectContaining({ passwordId: "" }) },
        ours: {},
      },
      // Ours refuses it before encrypting: no seal is spent on a value that cannot be sent.
      { id: "size-budget", step: 1, path: ["seals"], h3: 1, ours: 0 },
      {
        id: "size-budget",
        step: 2,
        path: ["body", "data"],
        h3: { foo: "bar", n: 1, huge: "x".repeat(20_000) },
        ours: { foo: "bar", n: 1 },
      },
    ],
  },
  {
    // h3's own tests answer `{ session }`: the manager itself goes through JSON (issue 23).
    name: "the session object returned, spread and stringified",
    config: base,
    routes: {
      "/": async (fns, event, config) => ({ session: await fns.useSession(event, config) }),
      "/write": async (fns, event, config) => {
        const session = await fns.useSession(event, config);
        await session.update({ foo: "bar" });
        return { session };
      },
      "/spread": async (fns, event, config) => {
        const { id, data, ...rest } = { ...(await fns.useSession(event, config)) };
        return {
          id,
          data,
          keys: Object.keys(rest).filter(
            (key) => typeof (rest as Record<string, unknown>)[key] !== "function",
          ),
        };
      },
      "/stringify": async (fns, event, config) => ({
        parsed: JSON.parse(JSON.stringify(await fns.useSession(event, config))),
      }),
      "/clear": async (fns, event, config) => {
        const session = await fns.useSession(event, config);
        await session.clear();
        return { session };
      },
    },
    steps: [
      { route: "/" },
      { route: "/write" },
      { route: "/spread" },
      { route: "/stringify" },
      { route: "/clear" },
      { route: "/" },
    ],
    patches: [
      // After clear(), h3's manager has no id (JSON drops it); ours already has the next session's.
      {
        id: "clear-new-session",
        step: 4,
        path: ["body", "session"],
        h3: { data: {} },
        ours: { id: "uuid-2", data: {} },
      },
      { id: "clear-new-session", step: 4, path: ["generatedIds"], h3: 0, ours: 1 },
      {
        id: "clear-new-session",
        step: 5,
        path: ["body", "session", "id"],
        h3: "uuid-2",
        ours: "uuid-3",
      },
      {
        id: "clear-new-session",
        step: 5,
        path: ["cookieTokens", "h3", "record", "id"],
        h3: "uuid-2",
        ours: "uuid-3",
      },
    ],
  },
];
