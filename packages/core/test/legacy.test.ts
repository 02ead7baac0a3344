// acceptLegacyUntil: the legacy formats — tokens sealed at 1 PBKDF2 iteration
// and every migrateFrom source — read until that moment and refused after it,
// with telemetry saying which format each read was, to decide when.
import { sealData } from "iron-session";
import { describe, expect, it } from "vitest";
import { type SessionConfig, type SessionEvent, seal, useWebSession } from "../src/index";
import { codeOf, PASSWORD } from "./_helpers";

const PAST = new Date(Date.now() - 60_000);
const FUTURE = new Date(Date.now() + 3_600_000).toISOString();

/** A read of `cookie` under `config`: the session's data, what onError and telemetry saw. */
async function read(cookie: string, config: SessionConfig) {
  const errors: Array<{ code: string; format?: string }> = [];
  const reads: Array<{ format: string; reseal?: string; passwordId: string }> = [];
  const session = await useWebSession(new Request("http://localhost/", { headers: { cookie } }), {
    ...config,
    onError: (error) =>
      errors.push({ code: error.code, format: (error as { format?: string }).format }),
    telemetry: (event: SessionEvent) => {
      if (event.type === "read")
        reads.push({ format: event.format, reseal: event.reseal, passwordId: event.passwordId });
    },
  });
  return { data: session.data, errors, reads };
}

const record = (data: object) => ({ id: "s1", createdAt: Date.now(), data });
// How h3 v1, iron-session and nuxt-auth-utils seal: 1 PBKDF2 iteration for each key.
const ONE = { encryption: { iterations: 1 }, integrity: { iterations: 1 } };

describe("acceptLegacyUntil", () => {
  it("reads a 1-iteration token (h3 v1, nuxt-auth-utils) until the moment, reporting its format, and refuses it after", async () => {
    const legacy = await seal(record({ user: "ada" }), PASSWORD, ONE);
    const before = await read(`session=${legacy}`, {
      password: PASSWORD,
      acceptLegacyUntil: FUTURE,
    });
    expect(before.data).toEqual({ user: "ada" });
    expect(before.reads).toEqual([{ format: "Fe26.2@1", reseal: "legacy", passwordId: "" }]);
    const after = await read(`session=${legacy}`, { password: PASSWORD, acceptLegacyUntil: PAST });
    expect(after.data).toEqual({});
    expect(after.errors).toEqual([{ code: "ERR_SESSION_LEGACY", format: "Fe26.2@1" }]);
  });

  it("refuses a legacy token this process remembers too: the token memory does not skip the date", async () => {
    const legacy = await seal(record({ n: 1 }), PASSWORD, ONE);
    // Read (and remembered) under a config that still accepts it…
    expect((await read(`session=${legacy}`, { password: PASSWORD })).data).toEqual({ n: 1 });
    // …then refused under one that has retired it, with nothing to await (no telemetry).
    const errors: string[] = [];
    const session = await useWebSession(
      new Request("http://localhost/", { headers: { cookie: `session=${legacy}` } }),
      {
        password: PASSWORD,
        acceptLegacyUntil: PAST.getTime(),
        onError: (e) => errors.push(e.code),
      },
    );
    expect(session.data).toEqual({});
    expect(errors).toEqual(["ERR_SESSION_LEGACY"]);
  });

  it("leaves tokens in the current format alone after the moment", async () => {
    const current = await seal(record({ user: "ada" }), PASSWORD);
    const after = await read(`session=${current}`, { password: PASSWORD, acceptLegacyUntil: PAST });
    expect(after.data).toEqual({ user: "ada" });
    expect(after.reads).toEqual([{ format: "Fe26.2", reseal: undefined, passwordId: "" }]);
    expect(after.errors).toEqual([]);
  });

  it("takes over an iron-session cookie until the moment (format iron-session), and refuses an authentic one after", async () => {
    const old = await sealData({ user: "grace" }, { password: PASSWORD, ttl: 3600 });
    const config = { password: PASSWORD, migrateFrom: [{ from: "iron-session" as const }] };
    const before = await read(`session=${old}`, { ...config, acceptLegacyUntil: FUTURE });
    expect(before.data).toEqual({ user: "grace" });
    expect(before.reads.map((r) => [r.format, r.reseal])).toEqual([["iron-session", "migrated"]]);
    const after = await read(`session=${old}`, { ...config, acceptLegacyUntil: PAST });
    expect(after.data).toEqual({});
    expect(after.errors).toEqual([{ code: "ERR_SESSION_LEGACY", format: "iron-session" }]);
    // A forged old cookie is still refused for what it is.
    const forged = await read(`session=${old.slice(0, -8)}AAAAAA~2`, {
      ...config,
      acceptLegacyUntil: PAST,
    });
    expect(forged.errors.map((e) => e.code)).not.toContain("ERR_SESSION_LEGACY");
    expect(forged.data).toEqual({});
  });

  it("fails at start-up on a moment that is not one", async () => {
    for (const acceptLegacyUntil of ["soon", Number.NaN, new Date("nope")]) {
      const attempt = useWebSession(new Request("http://localhost/"), {
        password: PASSWORD,
        acceptLegacyUntil,
      });
      expect(await attempt.then(() => "resolved", codeOf)).toBe("ERR_OPTIONS_INVALID");
    }
  });
});
