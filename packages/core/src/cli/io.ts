/**
 * @module The CLI's input and output: `CliIo` (the process's, or a test's
 * fakes), the password and token it reads, and its usage errors.
 */
import { readFileSync } from "node:fs";
import type { Password } from "../seal/password";

/** What the CLI reads and writes; the bin passes the process's, tests pass fakes. */
export interface CliIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readStdin(): Promise<string>;
  out(text: string): void;
  err(text: string): void;
}

/** A mistake in how the CLI was called: exit code 2, with the usage hint. */
export class UsageError extends Error {}

export function readPassword(file: string | undefined, io: CliIo): Password {
  let text: string | undefined;
  if (file !== undefined) {
    try {
      text = readFileSync(file, "utf8").trim();
    } catch (error) {
      throw new UsageError(`Cannot read --password-file ${file}: ${(error as Error).message}`);
    }
  } else {
    text = io.env.SESSION_PASSWORD;
  }
  if (!text)
    throw new UsageError(
      "No password: set SESSION_PASSWORD or pass --password-file (make one with `sealed-session gen-password`).",
    );
  if (text.startsWith("{")) {
    try {
      return JSON.parse(text) as Password;
    } catch {
      throw new UsageError("The password looks like a JSON rotation map but does not parse.");
    }
  }
  return text;
}

export async function readToken(argument: string | undefined, io: CliIo): Promise<string> {
  const token = (
    argument === undefined || argument === "-" ? await io.readStdin() : argument
  ).trim();
  if (!token) throw new UsageError("No token given (pass it as an argument or on stdin).");
  return token;
}

export function positiveInteger(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1)
    throw new UsageError(`${flag} takes a whole number of at least 1, not "${text}".`);
  return value;
}
