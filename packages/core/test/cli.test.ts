import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { runCli } from "../src/cli/run";
import { seal, unseal } from "../src/index";
import { PASSWORD, PASSWORD_2 } from "./_helpers";

async function cli(
  args: string[],
  { env = { SESSION_PASSWORD: PASSWORD } as Record<string, string | undefined>, stdin = "" } = {},
) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, {
    env,
    readStdin: async () => stdin,
    out: (t) => out.push(t),
    err: (t) => err.push(t),
  });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("sealed-session CLI", () => {
  it("gen-password prints 32 random bytes as base64url, different each time", async () => {
    const a = await cli(["gen-password"], { env: {} });
    const b = await cli(["gen-password"], { env: {} });
    expect(a.code).toBe(0);
    expect(a.out).toMatch(/^[\w-]{43}$/);
    expect(b.out).not.toBe(a.out);
  });

  it("seal reads JSON from stdin and prints a token that unseal reads back", async () => {
    const sealed = await cli(["seal", "--ttl", "60"], { stdin: '{"user":"ada","n":[1,2]}' });
    expect(sealed.code).toBe(0);
    expect(await unseal(sealed.out, PASSWORD)).toEqual({ user: "ada", n: [1, 2] });
    const expiration = Number(sealed.out.split("*")[5]);
    expect(expiration).toBeGreaterThan(Date.now() + 50_000);

    const opened = await cli(["unseal", sealed.out]);
    expect(opened).toMatchObject({ code: 0, err: "" });
    expect(JSON.parse(opened.out)).toEqual({ user: "ada", n: [1, 2] });
    // The token may come on stdin too.
    expect(JSON.parse((await cli(["unseal"], { stdin: `${sealed.out}\n` })).out)).toEqual({
      user: "ada",
      n: [1, 2],
    });
  });

  it("never echoes a stray argument, which is often a password", async () => {
    for (const args of [
      ["seal", "hunter2-hunter2-hunter2-hunter2-xx"],
      ["unseal", "Fe26.2**x", "hunter2-hunter2-hunter2-hunter2-xx"],
    ]) {
      const run = await cli(args, { stdin: "{}" });
      expect(run.code).toBe(2);
      expect(run.err).toMatch(
        /1 unexpected argument \(not shown\)\. A password goes in SESSION_PASSWORD or --password-file/,
      );
      expect(run.err).not.toContain("hunter2");
      expect(run.out).toBe("");
    }
  });

  it("inspect shows an expiration beyond any date instead of crashing", async () => {
    const token = await seal({ a: 1 }, PASSWORD);
    const parts = token.split("*");
    parts[5] = "9000000000000000";
    const run = await cli(["inspect", parts.join("*")], { env: {} });
    expect(run.code).toBe(0);
    expect(run.out).toContain("expires       9000000000000000 (beyond any date: never, in effect)");
  });

  it("reads a rotation map from --password-file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sealed-session-cli-"));
    const file = join(dir, "password.json");
    writeFileSync(file, JSON.stringify({ 1: PASSWORD, 2: PASSWORD_2 }));
    const old = await seal({ v: 1 }, { id: "1", secret: PASSWORD });
    const opened = await cli(["unseal", old, "--password-file", file], { env: {} });
    expect(JSON.parse(opened.out)).toEqual({ v: 1 });
    const sealed = await cli(["seal", "--password-file", file], { env: {}, stdin: "[]" });
    expect(sealed.out.split("*")[1]).toBe("2");
  });

  it("inspect shows the parts without a password and decrypts with one", async () => {
    const token = await seal(
      { secret: "value" },
      { id: "5", secret: PASSWORD },
      { ttl: 3_600_000 },
    );
    const blind = await cli(["inspect", token], { env: {} });
    expect(blind.code).toBe(0);
    expect(blind.out).toContain("password id   5");
    expect(blind.out).toMatch(/expires +\d{4}-\d\d-\d\dT.*\(in 60 min\)/);
    expect(blind.out).toContain(`length        ${token.length} characters`);
    expect(blind.out).not.toContain("value");
    const open = await cli(["inspect", token]);
    expect(open.out).toContain("verified      yes, at 8192 iterations");
    expect(open.out).toContain('"secret": "value"');
  });

  it("exits 1 for a refused token or bad input, with the error code", async () => {
    expect(await cli(["unseal", "Fe26.2*nope"])).toMatchObject({
      code: 1,
      err: expect.stringContaining("ERR_SEAL_MALFORMED"),
    });
    const other = await seal({}, PASSWORD_2);
    expect(await cli(["unseal", other])).toMatchObject({
      code: 1,
      err: expect.stringContaining("ERR_SEAL_MAC"),
    });
    expect(await cli(["seal"], { stdin: "{not json" })).toMatchObject({
      code: 1,
      err: expect.stringContaining("not valid JSON"),
    });
    const legacy = await seal({ old: true }, PASSWORD, {
      encryption: { iterations: 1 },
      integrity: { iterations: 1 },
    });
    expect((await cli(["unseal", legacy])).code).toBe(1);
    expect(JSON.parse((await cli(["unseal", legacy, "--legacy"])).out)).toEqual({ old: true });
  });

  it("exits 2 for usage errors: no password, a short one, unknown command or flag, bad numbers", async () => {
    const none = await cli(["seal"], { env: {}, stdin: "{}" });
    expect(none).toMatchObject({ code: 2, err: expect.stringContaining("SESSION_PASSWORD") });
    expect(await cli(["seal"], { env: { SESSION_PASSWORD: "short" }, stdin: "{}" })).toMatchObject({
      code: 2,
      err: expect.stringContaining("ERR_PASSWORD_SHORT"),
    });
    expect((await cli(["frobnicate"])).code).toBe(2);
    expect((await cli(["seal", "--nope"])).code).toBe(2);
    expect((await cli(["seal", "--ttl", "soon"], { stdin: "{}" })).code).toBe(2);
    expect((await cli(["unseal"])).code).toBe(2);
    expect((await cli([])).code).toBe(2);
    expect((await cli(["--help"])).out).toContain("Usage: sealed-session");
  });

  it("never takes the password from argv", async () => {
    const result = await cli(["seal", "--password", PASSWORD], { env: {}, stdin: "{}" });
    expect(result.code).toBe(2);
  });
});

describe("sealed-session bin (built)", () => {
  const bin = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
  const run = promisify(execFile);

  it("round-trips through real processes: gen-password, seal, unseal", async () => {
    const password = (await run(process.execPath, [bin, "gen-password"])).stdout.trim();
    const env = { ...process.env, SESSION_PASSWORD: password };
    const child = run(process.execPath, [bin, "seal"], { env });
    child.child.stdin?.end('{"hello":"world"}');
    const token = (await child).stdout.trim();
    const { stdout } = await run(process.execPath, [bin, "unseal", token], { env });
    expect(JSON.parse(stdout)).toEqual({ hello: "world" });
    const failed = await run(process.execPath, [bin, "unseal", "garbage"], { env }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(failed).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("ERR_SEAL_MALFORMED"),
    });
  });
});
