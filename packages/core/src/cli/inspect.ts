/**
 * @module `sealed-session inspect`: what a token says without its secret
 * (expiration, password id, lengths), and with it, its verified content.
 */

import { unsealWithInfo } from "../seal/functions";
import { parseToken } from "../seal/token";
import { type CliIo, readPassword } from "./io";

export async function inspect(
  token: string,
  passwordFile: string | undefined,
  keyOptions: object,
  legacy: boolean,
  io: CliIo,
): Promise<number> {
  const parts = parseToken(token);
  const expiration =
    parts.expiration === undefined
      ? "never"
      : Number.isNaN(new Date(parts.expiration).getTime())
        ? `${parts.expiration} (beyond any date: never, in effect)`
        : `${new Date(parts.expiration).toISOString()} (${describeDelta(parts.expiration - Date.now())})`;
  const lines = [
    `format        Fe26.2 (iron)`,
    `password id   ${parts.passwordId === "" ? "(none)" : parts.passwordId}`,
    `expires       ${expiration}`,
    `length        ${token.length} characters`,
    `ciphertext    ${parts.ciphertext.length} bytes`,
    `salts         ${parts.encryptionSalt ? `${parts.encryptionSalt.length} hex characters` : "(none: raw key)"}`,
  ];
  io.out(lines.join("\n"));
  if (passwordFile === undefined && !io.env.SESSION_PASSWORD) {
    io.out("data          (encrypted; set SESSION_PASSWORD or --password-file to decrypt)");
    return 0;
  }
  const result = await unsealWithInfo(token, readPassword(passwordFile, io), {
    ...keyOptions,
    legacyFallback: legacy,
  });
  io.out(
    `verified      yes, at ${result.iterations} iteration${result.iterations === 1 ? "" : "s"}${result.stalePassword ? " (an older password id)" : ""}`,
  );
  io.out(
    `data          ${JSON.stringify(result.data, null, 2).replaceAll("\n", "\n              ")}`,
  );
  return 0;
}

function describeDelta(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const text =
    minutes < 120
      ? `${minutes} min`
      : minutes < 2880
        ? `${Math.round(minutes / 60)} h`
        : `${Math.round(minutes / 1440)} days`;
  return ms >= 0 ? `in ${text}` : `expired ${text} ago`;
}
