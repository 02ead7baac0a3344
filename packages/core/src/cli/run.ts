/**
 * @module The CLI's commands (`gen-password`, `seal`, `unseal`, `inspect`,
 * `rotate`) on an injected `CliIo`, so tests run them without a process.
 */
import { parseArgs } from "node:util";
import { isSealedSessionError, isUnsealError } from "../errors";
import { encodeBase64Url } from "../seal/base64";
import { seal, unsealWithInfo } from "../seal/functions";
import { inspect } from "./inspect";
import { type CliIo, positiveInteger, readPassword, readToken, UsageError } from "./io";
import { type Rotation, rotate } from "./rotate";

const HELP = `Usage: sealed-session <command> [options]

Commands:
  gen-password            Print a new random password (32 bytes, base64url).
  seal                    Seal the JSON read from stdin; print the token.
  unseal [token]          Unseal a token (argument or stdin); print its JSON.
  inspect [token]         Show a token's parts, password id, expiry and sizes;
                          also decrypts it when a password is given.
  rotate                  Print the next keyring ("3:…,2:…,1:…"): a new secret
                          under the next id, which seals once deployed, then
                          the current entries, which still unseal.

Options:
  --password-file <path>  Read the password from a file (a string, or a JSON
                          rotation map such as {"1":"…","2":"…"}). Otherwise
                          the SESSION_PASSWORD environment variable is used
                          (a password, or a keyring "3:…,2:…").
                          Passwords are never taken from the command line.
  --ttl <seconds>         seal: lifetime of the token.
  --iterations <n>        PBKDF2 iterations (default 8192).
  --legacy                unseal/inspect: also accept 1-iteration tokens.
  --keep <n>              rotate: keep at most n entries, the new one included
                          (the oldest go first).
  -h, --help              Show this help.

Exit codes: 0 success, 1 the token or input was refused, 2 usage error.`;

// Commands that take no positional argument.
const NO_ARGUMENT = new Set(["seal", "gen-password", "rotate"]);

/** Runs the CLI with `args` (without `node` and the script); resolves to the exit code. */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: OPTIONS,
    });
    const [command, ...rest] = positionals;
    if (values.help || command === "help") {
      io.out(HELP);
      return 0;
    }
    checkPositionals(command, rest);
    return await dispatch(command, rest[0], values, io);
  } catch (error) {
    if (
      error instanceof UsageError ||
      (error instanceof TypeError &&
        "code" in error &&
        String(error.code).startsWith("ERR_PARSE_ARGS"))
    ) {
      io.err(`error: ${error.message}\nRun "sealed-session --help" for usage.`);
      return 2;
    }
    if (isSealedSessionError(error)) {
      io.err(`error: ${error.message} (${error.code})`);
      // A refused token or unsealable input is a result; a bad password or option is a usage mistake.
      return isUnsealError(error) || error.code === "ERR_SEAL_DATA" ? 1 : 2;
    }
    throw error;
  }
}

const OPTIONS = {
  "password-file": { type: "string" },
  ttl: { type: "string" },
  iterations: { type: "string" },
  legacy: { type: "boolean" },
  keep: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** The parsed options. */
type Values = {
  readonly [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]["type"] extends "boolean"
    ? boolean
    : string;
};

// Never echoed: a stray argument is often a password, and stderr goes to logs.
function checkPositionals(command: string | undefined, rest: readonly string[]): void {
  if (rest.length > 1 || (rest.length === 1 && NO_ARGUMENT.has(command as string))) {
    const extra = NO_ARGUMENT.has(command as string) ? rest.length : rest.length - 1;
    throw new UsageError(
      `${extra} unexpected argument${extra === 1 ? "" : "s"} (not shown). A password goes in SESSION_PASSWORD or --password-file, never on the command line.`,
    );
  }
}

async function dispatch(
  command: string | undefined,
  argument: string | undefined,
  values: Values,
  io: CliIo,
): Promise<number> {
  const iterations =
    values.iterations === undefined
      ? undefined
      : positiveInteger("--iterations", values.iterations);
  const keyOptions =
    iterations === undefined ? {} : { encryption: { iterations }, integrity: { iterations } };
  switch (command) {
    case "gen-password":
      io.out(encodeBase64Url(crypto.getRandomValues(new Uint8Array(32))));
      return 0;
    case "seal":
      return sealCommand(values, keyOptions, io);
    case "unseal": {
      const token = await readToken(argument, io);
      const password = readPassword(values["password-file"], io);
      const result = await unsealWithInfo(token, password, {
        ...keyOptions,
        legacyFallback: values.legacy === true,
      });
      io.out(JSON.stringify(result.data, null, 2));
      return 0;
    }
    case "rotate":
      return rotateCommand(values, io);
    case "inspect":
      return await inspect(
        await readToken(argument, io),
        values["password-file"],
        keyOptions,
        values.legacy === true,
        io,
      );
    case undefined:
      io.err(HELP);
      return 2;
    default:
      throw new UsageError(`Unknown command "${command}".`);
  }
}

async function sealCommand(values: Values, keyOptions: object, io: CliIo): Promise<number> {
  const input = await io.readStdin();
  let data: unknown;
  try {
    data = JSON.parse(input);
  } catch {
    io.err("error: stdin is not valid JSON.");
    return 1;
  }
  const ttl = values.ttl === undefined ? 0 : positiveInteger("--ttl", values.ttl) * 1000;
  io.out(await seal(data, readPassword(values["password-file"], io), { ...keyOptions, ttl }));
  return 0;
}

function rotateCommand(values: Values, io: CliIo): number {
  const keep = values.keep === undefined ? undefined : positiveInteger("--keep", values.keep);
  let next: Rotation;
  try {
    next = rotate(readPassword(values["password-file"], io), keep);
  } catch (error) {
    if (error instanceof TypeError) throw new UsageError(error.message);
    throw error;
  }
  io.out(next.keyring);
  const kept =
    next.kept.length > 0
      ? `ids ${next.kept.join(", ")} still unseal, and their sessions move to id ${next.sealId} as they are used.`
      : "no older id unseals.";
  io.err(
    [
      `Deploy it to every server: id ${next.sealId} seals from then on; ${kept}`,
      next.dropped.length > 0
        ? `Dropped: ${next.dropped.join(", ")} (sessions sealed with them start over).`
        : "",
      "Remove an old id once telemetry reports no reseal from it, or maxAge has passed since this deploy.",
    ]
      .filter(Boolean)
      .join("\n"),
  );
  return 0;
}
