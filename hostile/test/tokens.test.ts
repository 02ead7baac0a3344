// Hostile tokens through every adapter over node:http: every single-byte
// change of a genuine token, every truncation, huge parts, chunk markers and
// chunks out of place, duplicate cookies. A client must only ever get the
// genuine session back for the genuine token, and never a 5xx.
import type { SessionConfig } from "@sealed-session/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, FRAMEWORKS, startApp } from "../src/apps";
import {
  cookieHeader,
  look,
  pool,
  type Seen,
  sessionCookies,
  singleByteChanges,
} from "../src/client";
import { count, table } from "../src/tally";

const PASSWORD = "hostile-suite-password-0123456789-abcdefgh";
const NAME = "session";
const DATA = { user: "ada", role: "member" };
const errors: string[] = [];
const config: SessionConfig = {
  password: PASSWORD,
  name: NAME,
  onError: (error) => errors.push(error.code),
};

let apps: App[];
let token: string;
let genuineId: string;
let chunked: string[]; // the Set-Cookie values of a session split over chunks

beforeAll(async () => {
  apps = await Promise.all(FRAMEWORKS.map((framework) => startApp(framework, config)));
  const write = await (apps[0] as App).server.fetch("/write", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(DATA),
  });
  const body = (await write.json()) as { id: string };
  genuineId = body.id;
  token = cookieHeader(sessionCookies(write.headers.getSetCookie(), NAME)).slice(NAME.length + 1);
  const big = await (apps[0] as App).server.fetch("/write", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ...DATA, blob: "x".repeat(9000) }),
  });
  chunked = sessionCookies(big.headers.getSetCookie(), NAME);
});

afterAll(async () => {
  await Promise.all(apps.map((app) => app.server.close()));
  console.log(`\nHostile input, counts so far:\n${table()}\n`);
});

/** Sends every `Cookie`/header set to every app; returns what each saw. */
async function throughEvery(
  requests: ReadonlyArray<Record<string, string>>,
): Promise<Array<{ app: App; headers: Record<string, string>; seen: Seen }>> {
  const work = apps.flatMap((app) => requests.map((headers) => ({ app, headers })));
  const results: Array<{ app: App; headers: Record<string, string>; seen: Seen }> = [];
  await pool(work, 16, async ({ app, headers }) => {
    results.push({ app, headers, seen: await look(app.server, headers) });
  });
  return results;
}

// A fresh session: the app saw empty data under a new id.
const fresh = (seen: Seen) =>
  seen.status === 200 &&
  seen.data !== undefined &&
  Object.keys(seen.data).length === 0 &&
  seen.id !== genuineId;
// The token with its last character changed (to another one: the last may already be "A").
const forge = (t: string) => `${t.slice(0, -1)}${t.endsWith("A") ? "E" : "A"}`;
const loaded = (seen: Seen) => seen.data?.user === "ada" || seen.id === genuineId;

describe("hostile tokens, through h3, Hono, Express and the Web binding over node:http", () => {
  it("the genuine token loads on every app (the control: the judge can tell)", async () => {
    const results = await throughEvery([
      { cookie: `${NAME}=${token}` },
      { "x-session-session": token },
    ]);
    for (const { seen } of results) expect(seen.data).toEqual(DATA);
    const chunks = await throughEvery([{ cookie: cookieHeader(chunked) }]);
    for (const { seen } of chunks) expect(seen.data?.blob).toHaveLength(9000);
  });

  it("every single-byte change of a token, in the cookie and in x-<name>-session: 0 accepted, 0 5xx", async () => {
    const changes = singleByteChanges(token);
    const requests = changes.flatMap(
      (t): Array<Record<string, string>> => [
        { cookie: `${NAME}=${t}` },
        { "x-session-session": t },
      ],
    );
    errors.length = 0;
    const results = await throughEvery(requests);
    const accepted = results.filter(({ seen }) => loaded(seen)).length;
    const serverErrors = results.filter(({ seen }) => seen.status >= 500).length;
    const wrong = results.filter(
      ({ seen }) => !fresh(seen) && !loaded(seen) && seen.status < 500,
    ).length;
    count("single-byte changes (cookie and header)", {
      cases: changes.length,
      requests: results.length,
      accepted,
      serverErrors,
      wrong,
      measured: `${token.length}-character token, ${errors.length} onError reports`,
    });
    expect({ accepted, serverErrors, wrong }).toEqual({ accepted: 0, serverErrors: 0, wrong: 0 });
    // Every refusal was reported with a typed code.
    expect(errors).toHaveLength(results.length);
  });

  it("every truncation, and huge parts: 0 accepted, 0 5xx", async () => {
    const truncations = Array.from({ length: token.length }, (_, n) => token.slice(0, n));
    const parts = token.split("*");
    const huge = parts.map((_, i) =>
      parts.map((part, j) => (i === j ? "A".repeat(12_000) : part)).join("*"),
    );
    const inputs = [...truncations, ...huge, `${token}*${"9".repeat(12_000)}`];
    const results = await throughEvery(inputs.map((t) => ({ cookie: `${NAME}=${t}` })));
    const accepted = results.filter(({ seen }) => loaded(seen)).length;
    const serverErrors = results.filter(({ seen }) => seen.status >= 500).length;
    const wrong = results.filter(
      ({ seen }) => !fresh(seen) && !loaded(seen) && seen.status < 500,
    ).length;
    count("truncations and 12 KB parts", {
      cases: inputs.length,
      requests: results.length,
      accepted,
      serverErrors,
      wrong,
    });
    expect({ accepted, serverErrors, wrong }).toEqual({ accepted: 0, serverErrors: 0, wrong: 0 });
  });

  it("chunk markers 0, -1, 1e9 and junk; chunks missing, reordered, mixed from two sessions; duplicate cookies", async () => {
    const pairs = chunked.map((c) => c.slice(0, c.indexOf(";")));
    const [main, ...chunks] = pairs as [string, ...string[]];
    const value = (pair: string) => pair.slice(pair.indexOf("=") + 1);
    expect(chunks.length).toBeGreaterThanOrEqual(2);
    const other = await (apps[1] as App).server.fetch("/write", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ user: "eve", blob: "y".repeat(9000) }),
    });
    const otherPairs = sessionCookies(other.headers.getSetCookie(), NAME).map((c) =>
      c.slice(0, c.indexOf(";")),
    );
    const cases: Array<[string, string]> = [
      ...["0", "-1", "1e9", "1000000000", "101", "2.5", "0x2", " 2", "", "NaN"].map(
        (n) =>
          [`marker ${JSON.stringify(n)}`, [`${NAME}=__chunked__${n}`, ...chunks].join("; ")] as [
            string,
            string,
          ],
      ),
      ["a chunk missing", [main, ...chunks.slice(1)].join("; ")],
      ["the last chunk missing", [main, ...chunks.slice(0, -1)].join("; ")],
      [
        "chunks reordered",
        [
          main,
          `${NAME}.1=${value(chunks[1] as string)}`,
          `${NAME}.2=${value(chunks[0] as string)}`,
          ...chunks.slice(2),
        ].join("; "),
      ],
      [
        "chunks from two sessions",
        [main, chunks[0], ...(otherPairs.slice(2) as string[])].join("; "),
      ],
      ["a chunk duplicated with another value", [main, `${NAME}.1=AAAA`, ...chunks].join("; ")],
      [
        "two main cookies, forged first",
        [`${NAME}=${forge(token)}`, `${NAME}=${token}`].join("; "),
      ],
      ["a chunk that is a whole token", [`${NAME}=__chunked__1`, `${NAME}.1=${token}x`].join("; ")],
      ["the chunks without their marker", chunks.join("; ")],
    ];
    const results = await throughEvery(cases.map(([, cookie]) => ({ cookie })));
    const byCookie = new Map(cases.map(([label, cookie]) => [cookie, label]));
    const accepted = results.filter(({ seen }) => loaded(seen));
    const serverErrors = results.filter(({ seen }) => seen.status >= 500).length;
    // A forged marker draws at most the main cookie: no Set-Cookie for chunks the request did not carry.
    const carried = (cookie: string) =>
      new Set(cookie.split("; ").map((p) => p.slice(0, p.indexOf("="))));
    const amplified = results.filter(({ headers, seen }) => {
      const names = sessionCookies(seen.setCookies, NAME).map((c) => c.slice(0, c.indexOf("=")));
      return names.some((n) => n !== NAME && !carried(headers.cookie as string).has(n));
    });
    count("chunk markers, chunks out of place, duplicates", {
      cases: cases.length,
      requests: results.length,
      accepted: accepted.length,
      serverErrors,
      wrong: amplified.length,
      measured: "no Set-Cookie for a chunk the request did not carry",
    });
    expect(
      accepted.map(
        ({ app, headers }) => `${app.framework}: ${byCookie.get(headers.cookie as string)}`,
      ),
    ).toEqual([]);
    expect({ serverErrors, amplified: amplified.length }).toEqual({
      serverErrors: 0,
      amplified: 0,
    });
  });

  it("a 100 KB Cookie header: Node's own limit answers 431 before any adapter runs, never a 5xx", async () => {
    const results = await throughEvery([
      { cookie: `${NAME}=${"A".repeat(100_000)}` },
      { cookie: "a=b; ".repeat(20_000) },
    ]);
    const statuses = [...new Set(results.map(({ seen }) => seen.status))];
    count("100 KB Cookie header over node:http", {
      cases: 2,
      requests: results.length,
      accepted: results.filter(({ seen }) => loaded(seen)).length,
      serverErrors: results.filter(({ seen }) => seen.status >= 500).length,
      measured: `status ${statuses.join(", ")} (Node's 16 KB header limit)`,
    });
    expect(statuses).toEqual([431]);
  });
});
