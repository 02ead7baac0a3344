import { afterEach, describe, expect, it, vi } from "vitest";
import { type SessionConfig, type SessionEvent, seal, useWebSession } from "../src/index";
import { PASSWORD, PASSWORD_2 } from "./_helpers";

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

function recorder(extra: Partial<SessionConfig> = {}) {
  const events: SessionEvent[] = [];
  const config: SessionConfig = {
    password: PASSWORD,
    ...extra,
    telemetry: (event) => events.push(event),
  };
  const open = (headers: Record<string, string> = {}) =>
    useWebSession(new Request("http://127.0.0.1/", { headers }), config);
  return { events, config, open };
}

const record = (data: object = { user: "ada" }, createdAt = Date.now()) => ({
  id: "s1",
  createdAt,
  data,
});

describe("config.telemetry", () => {
  it("reports a read with its password id, format, bytes and unseal time, and nothing to reseal", async () => {
    const { events, open } = recorder();
    const token = await seal(record(), PASSWORD);
    await open({ cookie: `session=${token}` });
    expect(events).toEqual([
      {
        type: "read",
        name: "session",
        source: "cookie",
        passwordId: "",
        reseal: undefined,
        format: "Fe26.2",
        bytes: token.length,
        durationMs: expect.any(Number),
      },
    ]);
    expect((events[0] as { durationMs: number }).durationMs).toBeGreaterThanOrEqual(0);
  });

  it("reports a token sealed with an older password id, and its reseal to the newest: when the old id can go", async () => {
    const { events, open } = recorder({ password: `2:${PASSWORD_2},1:${PASSWORD}` });
    const token = await seal(record(), { id: 1, secret: PASSWORD });
    const session = await open({ cookie: `session=${token}` });
    session.applyTo(new Response(null));
    expect(
      events.map((e) => [
        e.type,
        "passwordId" in e ? e.passwordId : undefined,
        "reseal" in e ? e.reseal : "reason" in e ? e.reason : undefined,
      ]),
    ).toEqual([
      ["read", "1", "password"],
      ["write", undefined, "password"],
    ]);
  });

  it("names each reseal's reason: a 1-iteration token, a slide of the idle window", async () => {
    const legacy = recorder();
    await legacy.open({
      cookie: `session=${await seal(record(), PASSWORD, { encryption: { iterations: 1 }, integrity: { iterations: 1 } })}`,
    });
    expect(legacy.events.map((e) => (e.type === "write" ? e.reason : e.type))).toEqual([
      "read",
      "legacy",
    ]);
    vi.useFakeTimers({ now: 1_800_000_000_000, toFake: ["Date"] });
    const idle = recorder({ idleTimeout: 60 });
    const token = await seal(
      { ...record({}, 1_800_000_000_000), lastSeenAt: 1_800_000_000_000 },
      PASSWORD,
    );
    vi.setSystemTime(1_800_000_040_000);
    await idle.open({ cookie: `session=${token}` });
    expect(idle.events.map((e) => (e.type === "write" ? e.reason : e.type))).toEqual([
      "read",
      "idle",
    ]);
  });

  it("reports each write: the bytes the browser sends back against maxSize, cookies and seal time", async () => {
    const { events, open } = recorder({ cookie: { chunkMaxLength: 1000 } });
    const session = await open();
    await session.update({ blob: "x".repeat(2500) });
    await session.update({ blob: "y".repeat(2500) });
    const write = events.at(-1) as Extract<SessionEvent, { type: "write" }>;
    const cookies = session
      .applyTo(new Response(null))
      .headers.getSetCookie()
      .map((c) => c.slice(0, c.indexOf(";")));
    expect(write).toEqual({
      type: "write",
      name: "session",
      reason: "update",
      target: "cookie",
      bytes: cookies.join("; ").length,
      budget: 14_336,
      cookies: cookies.length,
      durationMs: expect.any(Number),
    });
    expect(cookies.length).toBeGreaterThan(3);
  });

  it("reports a header session's writes as going to the header, and every refusal with its code", async () => {
    const { events, open } = recorder();
    const token = await seal(record(), PASSWORD);
    const session = await open({ "x-session-session": token });
    await session.update({ n: 1 });
    expect(events.map((e) => [e.type, "target" in e ? e.target : e.source])).toEqual([
      ["read", "header"],
      ["write", "both"],
    ]);
    events.length = 0;
    await open({ cookie: "session=Fe26.2**forged" });
    // Refused, then the fresh session that replaces it is written.
    expect(events).toEqual([
      { type: "error", name: "session", source: "cookie", code: "ERR_SEAL_MALFORMED" },
      expect.objectContaining({ type: "write", reason: "new", target: "cookie" }),
    ]);
  });

  it("never fails a request when the hook throws", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const session = await useWebSession(
      new Request("http://127.0.0.1/", { headers: { cookie: "session=garbage" } }),
      {
        password: PASSWORD,
        telemetry: () => {
          throw new Error("broken hook");
        },
      },
    );
    await session.update({ ok: true });
    expect(session.data).toEqual({ ok: true });
    expect(logged).toHaveBeenCalled();
  });

  it("warns once per session name when a write passes 80% of maxSize", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    for (const name of ["near", "near", "other"]) {
      const session = await useWebSession(new Request("http://127.0.0.1/"), {
        password: PASSWORD,
        name,
        maxSize: 1024,
      });
      await session.update({ blob: "x".repeat(420) });
    }
    const small = await useWebSession(new Request("http://127.0.0.1/"), {
      password: PASSWORD,
      name: "small",
      maxSize: 1024,
    });
    await small.update({ a: 1 });
    const messages = warn.mock.calls.map(([message]) => String(message));
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(/session "near" wrote \d+ bytes, \d+% of maxSize \(1024\).*7168/);
    expect(messages[0]).toMatch(/\(SEALED_SESSION_NEAR_BUDGET\)$/);
  });
});
