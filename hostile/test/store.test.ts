// Store mode and revocation under hostile keys and records (issue 23): user
// keys an attacker or a careless app can put in session data, and records
// that are not what the store wrote. Every adapter answers 200 with the
// right session, never a 5xx; a key never reaches another user's sessions.
import {
  createRevocation,
  createSessionStore,
  type SessionConfig,
  type SessionStorage,
  type SessionStore,
} from "@sealed-session/core";
import { createStorage } from "unstorage";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type App, FRAMEWORKS, startApp } from "../src/apps";
import { cookieHeader, look } from "../src/client";
import { count } from "../src/tally";

const PASSWORD = "hostile-suite-password-0123456789-abcdefgh";

// User keys as session data may hold them.
const HOSTILE_USERS: unknown[] = [
  "42",
  42,
  "null",
  "undefined",
  "0",
  0,
  1e21,
  "1e21",
  ".",
  "..",
  "...",
  ":",
  "::",
  "a:b",
  "a/b",
  "a\\b",
  "/",
  "\\",
  "%2e",
  "%2E%2E",
  "%",
  "%zz",
  "?",
  "a?b",
  "#",
  "*",
  "[",
  "]",
  "{}",
  "\u0000",
  "\n",
  "\r\n",
  " ",
  "\t",
  "\ud800",
  "\udfff",
  "x\ud800y",
  "é",
  "😀",
  "\u202e",
  "user:*",
  "sealed-session:store",
  "__proto__",
  "constructor",
  "toString",
  "'",
  '"',
  "<script>",
  "a".repeat(512),
  "🙂".repeat(200),
];
// Values that name no user, or that are not user keys: a session without a user, or a typed refusal.
const NO_USER: unknown[] = [undefined, null, ""];
const NOT_KEYS: unknown[] = [
  {},
  [],
  ["a"],
  { toString: () => "x" },
  true,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  "a".repeat(513),
];

let storage: SessionStorage;
let store: SessionStore;
let apps: App[];
const onError = vi.fn();

beforeAll(async () => {
  storage = createStorage() as unknown as SessionStorage;
  // unstorage's memory driver, as an app serving from one process would give it.
  store = createSessionStore({ storage, prefix: "hostile", singleProcess: true });
  const revocation = createRevocation({
    storage,
    prefix: "hostile",
    cacheMs: 0,
    singleProcess: true,
  });
  const config: SessionConfig = {
    password: PASSWORD,
    name: "session",
    store,
    revocation,
    userKey: (data) => data.user as string,
    onError,
  };
  apps = await Promise.all(FRAMEWORKS.map((framework) => startApp(framework, config)));
});
afterAll(() => Promise.all(apps.map((app) => app.server.close())));

const signIn = async (app: App, user: unknown) => {
  const response = await app.server.fetch("/write", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(user === undefined ? {} : { user }),
  });
  const body = (await response.json().catch(() => ({}))) as { id?: string; code?: string };
  return {
    status: response.status,
    id: body.id,
    cookie: cookieHeader(response.headers.getSetCookie()),
  };
};

describe("hostile user keys through every adapter", () => {
  it("each key signs in, lists, reads back and signs out only its own sessions; '' and non-keys are refused", async () => {
    let requests = 0;
    let serverErrors = 0;
    const problems: string[] = [];
    for (const user of HOSTILE_USERS) {
      // JSON carries what the session holds: -0 becomes 0, a lone surrogate stays.
      const held = JSON.parse(JSON.stringify(user));
      const ids: string[] = [];
      for (const app of apps) {
        const signedIn = await signIn(app, user);
        requests++;
        if (signedIn.status >= 500) serverErrors++;
        if (signedIn.status !== 200 || !signedIn.id) {
          problems.push(`${app.framework} ${JSON.stringify(user)}: ${signedIn.status}`);
          continue;
        }
        ids.push(signedIn.id);
        const seen = await look(app.server, { cookie: signedIn.cookie });
        requests++;
        if (seen.status >= 500) serverErrors++;
        if (seen.status !== 200 || JSON.stringify(seen.data?.user) !== JSON.stringify(held)) {
          problems.push(
            `${app.framework} ${JSON.stringify(user)}: read back ${JSON.stringify(seen.data?.user)}`,
          );
        }
      }
      const listed = (await store.list(held as string)).map((s) => s.id).sort();
      if (JSON.stringify(listed) !== JSON.stringify([...ids].sort())) {
        problems.push(`list ${JSON.stringify(user)}: ${listed.length} of ${ids.length}`);
      }
    }
    // Sign every user out: each removeAll reaches its own sessions only.
    for (const user of HOSTILE_USERS) {
      const held = JSON.parse(JSON.stringify(user));
      const removed = await store.removeAll(held as string);
      if (removed !== apps.length) {
        problems.push(`removeAll ${JSON.stringify(user)}: ${removed}`);
      }
    }
    // Keys that name nobody, or are not keys: no user, or a typed refusal, never every user.
    let refused = 0;
    for (const call of [
      () => store.list(""),
      () => store.removeAll(""),
      () => createRevocation({ storage, singleProcess: true }).revokeAll(""),
      ...NOT_KEYS.map((key) => () => store.list(key as string)),
      ...NOT_KEYS.map((key) => () => store.removeAll(key as string)),
    ]) {
      const code = await call().then(
        () => "accepted",
        (error: { code?: string }) => error.code,
      );
      if (code === "ERR_OPTIONS_INVALID") refused++;
      else problems.push(`an empty or non-key call: ${code}`);
    }
    for (const user of NO_USER) {
      for (const app of apps) {
        const signedIn = await signIn(app, user);
        requests++;
        if (signedIn.status !== 200)
          problems.push(`${app.framework} no user ${JSON.stringify(user)}: ${signedIn.status}`);
      }
    }
    const cases = HOSTILE_USERS.length + NO_USER.length + NOT_KEYS.length + 3;
    count("hostile store user keys", {
      cases,
      requests,
      serverErrors,
      wrong: problems.length,
      measured: `${HOSTILE_USERS.length} keys × ${apps.length} adapters signed in, listed and removed alone; ${refused} empty or non-key calls refused`,
    });
    expect(problems).toEqual([]);
    expect(serverErrors).toBe(0);
  });
});

describe("garbage store records through every adapter", () => {
  const future = () => Date.now() + 60_000;
  const GARBAGE: unknown[] = [
    "not json",
    "{",
    42,
    true,
    [],
    [1, 2],
    {},
    { value: 1 },
    { value: "x", expiresAt: future() },
    { value: null, expiresAt: future() },
    { value: [], expiresAt: future() },
    { value: { data: null, createdAt: 1, version: 1 }, expiresAt: future() },
    { value: { data: [], createdAt: 1, version: 1 }, expiresAt: future() },
    { value: { data: "x", createdAt: 1, version: 1 }, expiresAt: future() },
    { value: { data: {}, createdAt: "x", version: 1 }, expiresAt: future() },
    { value: { data: {}, createdAt: 1, version: 0 }, expiresAt: future() },
    { value: { data: {}, createdAt: 1, version: "1" }, expiresAt: future() },
    { value: { data: {}, createdAt: 1, version: 1, flash: "x" }, expiresAt: future() },
    { value: { data: {}, createdAt: 1, version: 1, user: {} }, expiresAt: future() },
    { value: { data: { ok: 1 }, createdAt: 1, version: 1 }, expiresAt: future() }, // a valid record of another session
    {
      value: { data: { huge: "x".repeat(4_000_000) }, createdAt: 1, version: 1 },
      expiresAt: future(),
    },
    { value: { data: {}, createdAt: 1, version: 1 }, expiresAt: "never" },
  ];

  it("each is refused with a typed code and a fresh session, never a 5xx, and the fresh session writes", async () => {
    let requests = 0;
    let serverErrors = 0;
    let accepted = 0;
    const problems: string[] = [];
    onError.mockClear();
    for (const value of GARBAGE) {
      for (const app of apps) {
        const signedIn = await signIn(app, "garbage");
        await storage.setItem(`hostile:store:session:${signedIn.id}`, value as never);
        const seen = await look(app.server, { cookie: signedIn.cookie });
        requests++;
        if (seen.status >= 500) serverErrors++;
        if (seen.data?.user === "garbage" || seen.data?.ok === 1 || seen.data?.huge !== undefined)
          accepted++;
        if (seen.status !== 200 || !seen.id || seen.id === signedIn.id)
          problems.push(`${app.framework} ${JSON.stringify(value).slice(0, 60)}: ${seen.status}`);
      }
    }
    const codes = new Set(onError.mock.calls.map(([error]) => (error as { code: string }).code));
    count("garbage store records", {
      cases: GARBAGE.length,
      requests,
      serverErrors,
      accepted,
      wrong: problems.length,
      measured: `onError codes: ${[...codes].sort().join(", ")}`,
    });
    expect(problems).toEqual([]);
    expect({ serverErrors, accepted }).toEqual({ serverErrors: 0, accepted: 0 });
    expect(
      [...codes].every((code) => ["ERR_SESSION_INVALID", "ERR_SESSION_NOT_FOUND"].includes(code)),
    ).toBe(true);
  });
});
