/**
 * @module The `sealed-session` CLI (gen-password, seal, unseal, inspect): the
 * one part of core that may use Node's APIs.
 */
import { runCli } from "./run";

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return "";
  let text = "";
  process.stdin.setEncoding("utf8");
  for await (const chunk of process.stdin) text += chunk;
  return text;
}

runCli(process.argv.slice(2), {
  env: process.env,
  readStdin,
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `sealed-session: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
