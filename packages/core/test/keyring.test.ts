import { describe, expect, it } from "vitest";
import { resolveSessionConfig } from "../src/adapter";
import { runCli } from "../src/cli/run";
import {
  formatKeyring,
  isKeyring,
  PasswordInvalidError,
  PasswordMissingError,
  PasswordShortError,
  parseKeyring,
  parseToken,
  passwordFromEnv,
  seal,
  unseal,
  useWebSession,
} from "../src/index";
import { codeOf, PASSWORD, PASSWORD_2 } from "./_helpers";

const OLD = "keyring-test-oldest-password-0123456789abcdef";
const keyring = `3:${PASSWORD},2:${PASSWORD_2},1:${OLD}`;

async function cli(args: string[], env: Record<string, string | undefined>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, {
    env,
    readStdin: async () => "",
    out: (t) => out.push(t),
    err: (t) => err.push(t),
  });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("keyrings", () => {
  it("are id:secret entries with numeric ids; a generated password, or one with a word before a colon, is not", () => {
    expect(isKeyring(keyring)).toBe(true);
    expect(isKeyring(`2:${PASSWORD}, 1:${OLD}`)).toBe(true);
    expect(isKeyring(`1:${PASSWORD},default:${OLD}`)).toBe(true);
    expect(isKeyring(PASSWORD)).toBe(false);
    expect(isKeyring("c3Z2M0lWbzZBbVhhY2l0bVQ0a2JrZzBnR2tZcWc5UGs")).toBe(false);
    expect(isKeyring("correct:horse:battery:staple:and-more-words-to-be-long")).toBe(false);
    expect(parseKeyring(keyring)).toEqual({ 3: PASSWORD, 2: PASSWORD_2, 1: OLD });
    expect(formatKeyring({ 1: OLD, default: "d", 3: PASSWORD, 2: PASSWORD_2 })).toBe(
      `${keyring},default:d`,
    );
    expect(() => parseKeyring(`2:${PASSWORD},2:${OLD}`)).toThrow(/id 2 twice/);
  });

  it("trims white space around the whole and each entry: a trailing newline is still a keyring (issue 23)", async () => {
    for (const text of [
      `${keyring}\n`,
      `  ${keyring}\r\n`,
      `3:${PASSWORD} , 2:${PASSWORD_2},\t1:${OLD}`,
    ]) {
      expect(isKeyring(text)).toBe(true);
      expect(parseKeyring(text)).toEqual({ 3: PASSWORD, 2: PASSWORD_2, 1: OLD });
      // It seals under id 3 and opens id 1's tokens: not one bare password.
      expect(parseToken(await seal({}, text)).passwordId).toBe("3");
      expect(await unseal(await seal({ v: 1 }, { id: 1, secret: OLD }), text)).toEqual({ v: 1 });
    }
  });

  it("refuses a near-keyring with a message naming the entry, never reading it as one bare password (issue 23)", async () => {
    const near: Array<[string, RegExp]> = [
      [
        `3:${PASSWORD} 2:${PASSWORD_2}`,
        /Entry 1 of 1 .*id 3.* white space, ";" or ":" inside its secret/,
      ],
      [`3:${PASSWORD},,2:${PASSWORD_2}`, /Entry 2 of 3 .* is empty/],
      [`3:${PASSWORD},`, /Entry 2 of 2 .* is empty/],
      [`3:${PASSWORD},${PASSWORD_2}`, /Entry 2 of 2 .* no "id:"/],
      [`3:${PASSWORD},two:${PASSWORD_2}`, /Entry 2 of 2 .* id "two"/],
      [`3:${PASSWORD};2:${PASSWORD_2}`, /Entry 1 of 1 .*id 3.* ";" or ":" inside its secret/],
      [`3:,2:${PASSWORD_2}`, /Entry 1 of 2 of the keyring \(id 3\) has an empty secret/],
    ];
    for (const [text, message] of near) {
      expect(isKeyring(text)).toBe(true);
      expect(() => parseKeyring(text)).toThrow(message);
      expect(codeOf(await seal({}, text).catch((error: unknown) => error))).toBe(
        "ERR_PASSWORD_INVALID",
      );
      await expect(useWebSession(new Request("http://x/"), { password: text })).rejects.toThrow(
        /A keyring is "id:secret" entries/,
      );
      // No secret is ever printed in the message.
      expect(() => parseKeyring(text)).not.toThrow(new RegExp(PASSWORD.slice(0, 12)));
    }
  });

  it("seal with the highest id, unseal every id, and refuse a weak entry at start-up", async () => {
    const token = await seal({ a: 1 }, keyring);
    expect(parseToken(token).passwordId).toBe("3");
    for (const [id, secret] of [
      ["2", PASSWORD_2],
      ["1", OLD],
    ] as const) {
      expect(await unseal(await seal({ id }, { id, secret }), keyring)).toEqual({ id });
    }
    expect(() => resolveSessionConfig({ password: `2:${PASSWORD},1:too-short` })).toThrow(
      PasswordShortError,
    );
    expect(() => resolveSessionConfig({ password: `2:${PASSWORD},1:${"x".repeat(40)}` })).toThrow(
      PasswordInvalidError,
    );
  });

  it("move a session sealed with an older id to the newest, in the same response", async () => {
    const old = await seal(
      { id: "s1", createdAt: Date.now(), data: { user: "ada" } },
      { id: 1, secret: OLD },
    );
    const session = await useWebSession(
      new Request("http://x/", { headers: { cookie: `session=${old}` } }),
      { password: keyring },
    );
    expect(session.data).toEqual({ user: "ada" });
    const setCookie = session.applyTo(new Response(null)).headers.getSetCookie()[0] as string;
    const token = setCookie.slice(setCookie.indexOf("=") + 1, setCookie.indexOf(";"));
    expect(parseToken(token).passwordId).toBe("3");
  });

  it("can be read from a named variable of the environment passed in", () => {
    expect(passwordFromEnv("KEYRING", { KEYRING: keyring })).toBe(keyring);
    process.env.SEALED_SESSION_TEST_KEYRING = keyring;
    try {
      expect(passwordFromEnv("SEALED_SESSION_TEST_KEYRING", process.env)).toBe(keyring);
    } finally {
      delete process.env.SEALED_SESSION_TEST_KEYRING;
    }
    expect(() => passwordFromEnv("SEALED_SESSION_TEST_KEYRING", process.env)).toThrow(
      PasswordMissingError,
    );
    expect(() => passwordFromEnv("KEYRING", { KEYRING: "" })).toThrow(/KEYRING is not set/);
  });
});

describe("sealed-session rotate", () => {
  it("prints the next keyring: a new secret under the next id, then the current entries", async () => {
    const run = await cli(["rotate"], { SESSION_PASSWORD: keyring });
    expect(run.code).toBe(0);
    const next = parseKeyring(run.out);
    expect(Object.keys(next).sort()).toEqual(["1", "2", "3", "4"]);
    expect(next[4]).toMatch(/^[\w-]{43}$/);
    expect(run.out.endsWith(`,${keyring}`)).toBe(true);
    expect(run.err).toMatch(/id 4 seals from then on; ids 3, 2, 1 still unseal/);
    // What it prints is a working password: id 4 seals, and tokens of id 1 still open.
    expect(parseToken(await seal({}, run.out)).passwordId).toBe("4");
    expect(await unseal(await seal({ v: 1 }, { id: 1, secret: OLD }), run.out)).toEqual({ v: 1 });
  });

  it("reads a keyring with a trailing newline, and refuses what a keyring cannot carry rather than print it (issue 23)", async () => {
    const run = await cli(["rotate"], { SESSION_PASSWORD: `${keyring}\n` });
    expect(run.code).toBe(0);
    expect(Object.keys(parseKeyring(run.out)).sort()).toEqual(["1", "2", "3", "4"]);
    // A bare password with a comma would print "default:a,b": read back as a broken keyring.
    for (const bare of [
      `${PASSWORD},with-a-comma`,
      `${PASSWORD} with a space`,
      `${PASSWORD}:with-a-colon`,
    ]) {
      const refused = await cli(["rotate"], { SESSION_PASSWORD: bare });
      expect(refused.code).toBe(2);
      expect(refused.out).toBe("");
      expect(refused.err).toMatch(/white space or one of ",;:"/);
    }
    // Whatever it prints reads back as the entries it was made of.
    for (let i = 0; i < 20; i++) {
      const next = await cli(["rotate"], { SESSION_PASSWORD: keyring });
      expect(isKeyring(next.out)).toBe(true);
      expect(Object.keys(parseKeyring(next.out))).toHaveLength(4);
    }
  });

  it("turns a bare password into the default entry, and --keep drops the oldest", async () => {
    const first = await cli(["rotate"], { SESSION_PASSWORD: PASSWORD });
    expect(first.out).toMatch(new RegExp(`^1:[\\w-]{43},default:${PASSWORD}$`));
    // Tokens sealed before, with no id, still open.
    expect(await unseal(await seal({ v: 0 }, PASSWORD), first.out)).toEqual({ v: 0 });
    const kept = await cli(["rotate", "--keep", "2"], { SESSION_PASSWORD: keyring });
    expect(Object.keys(parseKeyring(kept.out)).sort()).toEqual(["3", "4"]);
    expect(kept.err).toMatch(/Dropped: 2, 1/);
    expect((await cli(["rotate", "extra-argument"], { SESSION_PASSWORD: keyring })).code).toBe(2);
  });
});
