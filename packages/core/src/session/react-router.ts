/**
 * @module Reading a cookie React Router's `createCookieSessionStorage` wrote:
 * the session data as base64 of its JSON, signed with HMAC-SHA256 under the
 * first of the app's `secrets` (`<base64>.<signature, base64 unpadded>`);
 * every secret verifies, as React Router checks them.
 */
import { parse } from "cookie-es";
import { OptionsInvalidError, SessionInvalidError } from "../errors";
import type { Key } from "../seal/crypto";
import { crypto } from "../seal/provider";
import { sameMac } from "../seal/token";
import type { SessionData } from "./record";
import type { MigratedCookie } from "./sources";

const decoder = new TextDecoder("utf-8", { fatal: true });

/** Its `secrets`, checked at start-up: at least one, none empty (an unsigned cookie is anyone's to write). */
export function reactRouterSecrets(secrets: unknown): readonly string[] {
  if (
    Array.isArray(secrets) &&
    secrets.length > 0 &&
    secrets.every((s) => typeof s === "string" && s !== "")
  )
    return secrets;
  throw new OptionsInvalidError(
    'migrateFrom: { from: "react-router" } needs the secrets createCookie signed with ({ secrets: ["…"] }); an unsigned cookie is anyone\'s to write, and is never taken over.',
  );
}

/**
 * A reader of React Router cookies named `cookieName`, signed with one of
 * `secrets`. A cookie is only taken as React Router's when its value is
 * base64 of a JSON object (it starts `e`): a token of this library that was
 * refused (`Fe26.2*…`) under the same name is never read as one.
 */
export function reactRouterReader(
  cookieName: string,
  secrets: readonly string[],
): (header: string) => Promise<MigratedCookie> | undefined {
  let keys: Promise<Key[]> | undefined;
  return (header) => {
    if (!header.includes(`${cookieName}=`)) return undefined;
    const value = parse(header, { filter: (key) => key === cookieName })[cookieName];
    const dot = value?.lastIndexOf(".") ?? -1;
    if (!value?.startsWith("e") || dot < 0) return undefined;
    keys ??= Promise.all(secrets.map((s) => crypto.importKey(crypto.utf8(s), "sha256")));
    return open(value.slice(0, dot), value.slice(dot + 1), keys).then(({ data, index }) => ({
      data,
      // The index of the secret that signed it, as a password id.
      passwordId: String(index),
      cookies: [cookieName],
      bytes: value.length,
    }));
  };
}

async function open(
  encoded: string,
  signature: string,
  keys: Promise<Key[]>,
): Promise<{ data: SessionData; index: number }> {
  const signed = crypto.utf8(encoded);
  // React Router writes the MAC in standard base64, unpadded: compared as base64url.
  const urlSafe = signature.replace(/\+/g, "-").replace(/\//g, "_");
  const all = await keys;
  for (let index = 0; index < all.length; index++) {
    const mac = crypto.encodeBase64Url(await crypto.sign(all[index] as Key, signed));
    if (sameMac(mac, urlSafe)) return { data: decode(encoded), index };
  }
  throw new SessionInvalidError("The React Router cookie's signature matches none of its secrets.");
}

// React Router's encoding: base64 of the JSON's UTF-8 bytes.
function decode(encoded: string): SessionData {
  let data: unknown;
  try {
    data = JSON.parse(decoder.decode(Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0))));
  } catch {
    throw new SessionInvalidError("The React Router cookie does not hold JSON.");
  }
  if (typeof data !== "object" || data === null || Array.isArray(data))
    throw new SessionInvalidError("The React Router cookie does not hold an object.");
  return data as SessionData;
}
