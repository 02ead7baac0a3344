/**
 * @module Reading a cookie iron-session 8 or 9 wrote: its `Fe26.2` token at 1
 * PBKDF2 iteration under a numeric password id, the `~<version>` marker after
 * it (outside the MAC: stripped and ignored, as iron-session 9 does), and its
 * `chunk: true` cookies `<name>.0 … <name>.3`.
 */
import { parse } from "cookie-es";
import { SessionInvalidError } from "../errors";
import type { SealOptions } from "../seal/options";
import type { Password } from "../seal/password";
import { TokenSealer } from "../seal/sealer";
import type { SessionData } from "./record";
import type { MigratedCookie } from "./sources";

/** The `~<version>` iron-session 8 and 9 append to every token (`~2`). */
const IRON_MARKER = /~\d+$/;
/** iron-session's bound on chunk cookies (`<name>.0` to `<name>.3`). */
const IRON_MAX_CHUNKS = 4;
// iron-session seals with iron-webcrypto's defaults: 1 iteration per key.
const ONE_ITERATION = { iterations: 1 } as const;

/**
 * A reader of iron-session cookies named `cookieName`, sealed with `password`
 * (a string, or iron-session's map `{ [id]: password }`; every id unseals).
 * `seal` passes the session's clock and secret policy on. Its keys are not
 * cached: iron-session draws fresh salts for every token, so a kept key would
 * serve one read and crowd the session's own keys out of the shared cache; at
 * 1 iteration a derivation costs what iron-session paid on every request.
 */
export function ironSessionReader(
  cookieName: string,
  password: Password,
  seal: SealOptions | undefined,
): (header: string) => Promise<MigratedCookie> | undefined {
  const sealer = new TokenSealer(
    password,
    {
      cache: false,
      weakSecrets: seal?.weakSecrets,
      timestampSkewSec: seal?.timestampSkewSec,
      localtimeOffsetMsec: seal?.localtimeOffsetMsec,
      encryption: ONE_ITERATION,
      integrity: ONE_ITERATION,
    },
    "all",
  );
  const chunk = (i: number) => `${cookieName}.${i}`;
  return (header) => {
    // Most requests carry no such cookie: no parse for them.
    if (!header.includes(`${cookieName}=`) && !header.includes(`${chunk(0)}=`)) return undefined;
    const cookies = parse(header, {
      filter: (key) => key === cookieName || key.startsWith(`${cookieName}.`),
    });
    const found = readCookies(cookies, cookieName, chunk);
    if (!found) return undefined;
    return open(sealer, found.token).then(({ data, passwordId }) => ({
      data,
      passwordId,
      cookies: found.names,
      bytes: found.token.length,
    }));
  };
}

// The token, whole or joined from `name.0` up to the first gap (as iron-session reads it).
function readCookies(
  cookies: Record<string, string | undefined>,
  cookieName: string,
  chunk: (i: number) => string,
): { token: string; names: string[] } | undefined {
  const names: string[] = [];
  let token = cookies[cookieName];
  if (token) names.push(cookieName);
  else {
    token = "";
    for (let i = 0; i < IRON_MAX_CHUNKS && cookies[chunk(i)]; i++) {
      token += cookies[chunk(i)];
      names.push(chunk(i));
    }
  }
  // iron-session 8 and 9 always end the token with their `~<version>` marker.
  // Without it the cookie is not theirs — an h3 chunk count, or a token of
  // this library that was refused (expired, revoked): never read as theirs.
  if (!token.startsWith("Fe26.2*") || !IRON_MARKER.test(token)) return undefined;
  // Chunks past the ones read are stale: expire them too.
  for (let i = 0; i < IRON_MAX_CHUNKS; i++)
    if (cookies[chunk(i)] !== undefined && !names.includes(chunk(i))) names.push(chunk(i));
  return { token, names };
}

async function open(
  sealer: TokenSealer,
  token: string,
): Promise<{ data: SessionData; passwordId: string }> {
  // The marker `readCookies` required, cut off: it is outside the MAC.
  const { data, passwordId } = await sealer.unsealText(token.slice(0, token.indexOf("~")));
  if (typeof data !== "object" || data === null || Array.isArray(data))
    throw new SessionInvalidError("The iron-session cookie does not hold an object.");
  return { data: data as SessionData, passwordId };
}
