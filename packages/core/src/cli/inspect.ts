/**
 * @module `sealed-session inspect`: what a token says without its secret
 * (expiration, password id, lengths), and with it, its verified content.
 */

import { GCM_TOKEN_START } from "../seal/formats";
import { unsealWithInfo } from "../seal/functions";
import { parseGcmToken } from "../seal/gcm-token";
import { parseToken } from "../seal/token";
import { type CliIo, readPassword } from "./io";

export async function inspect(
  token: string,
  passwordFile: string | undefined,
  keyOptions: object,
  legacy: boolean,
  io: CliIo,
): Promise<number> {
  const parts = describeParts(token);
  const expiration =
    parts.expiration === undefined
      ? "never"
      : Number.isNaN(new Date(parts.expiration).getTime())
        ? `${parts.expiration} (beyond any date: never, in effect)`
        : `${new Date(parts.expiration).toISOString()} (${describeDelta(parts.expiration - Date.now())})`;
  const lines = [
    `format        ${parts.format}`,
    `password id   ${parts.passwordId === "" ? "(none)" : parts.passwordId}`,
    `expires       ${expiration}`,
    `length        ${token.length} characters`,
    `ciphertext    ${parts.ciphertext} bytes`,
    `salts         ${parts.salt ? `${parts.salt.length} hex characters` : "(none: raw key)"}`,
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
  const how =
    result.format === "Fe26.3"
      ? "by its AES-GCM tag"
      : `at ${result.iterations} iteration${result.iterations === 1 ? "" : "s"}`;
  io.out(`verified      yes, ${how}${result.stalePassword ? " (an older password id)" : ""}`);
  io.out(
    `data          ${JSON.stringify(result.data, null, 2).replaceAll("\n", "\n              ")}`,
  );
  return 0;
}

// What the token's form says, either format, without its secret.
function describeParts(token: string) {
  if (token.startsWith(GCM_TOKEN_START)) {
    const gcm = parseGcmToken(token);
    // The ciphertext's length without its 16-byte tag.
    return {
      ...gcm,
      format: "Fe26.3 (AEAD, experimental)",
      ciphertext: gcm.sealed.length - 16,
    };
  }
  const iron = parseToken(token);
  return {
    ...iron,
    format: "Fe26.2 (iron)",
    ciphertext: iron.ciphertext.length,
    salt: iron.encryptionSalt,
  };
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
