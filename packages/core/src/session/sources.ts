/**
 * @module The sources `migrateFrom` reads: each library's cookie, as the
 * config names it, and what a reader gives back.
 */
import type { Password } from "../seal/password";

/**
 * Sessions another library wrote, read when a request carries no session of
 * ours (or one we refuse) and resealed as ours in the same response. A plain
 * object, so a config written per request still resolves once.
 */
export type SessionMigration =
  | IronSessionMigration
  | ReactRouterMigration
  | SvelteKitCookieSessionMigration;

/**
 * Cookies iron-session 8 or 9 wrote (`getIronSession`): the whole cookie or
 * its `chunk: true` chunks `<cookieName>.0 … .3`. The session takes the
 * cookie's data as its `data`, with a new id and a new `createdAt`.
 */
export interface IronSessionMigration {
  readonly from: "iron-session";
  /** iron-session's `cookieName`. @default the session's `name` */
  readonly cookieName?: string;
  /** iron-session's `password` (a string or `{ [id]: password }`). @default the session's `password` */
  readonly password?: Password;
}

/**
 * A cookie React Router's `createCookieSessionStorage` wrote (Remix's too):
 * its data, signed but not encrypted. The session takes it as its `data`
 * (flash values included), with a new id and a new `createdAt`.
 */
export interface ReactRouterMigration {
  readonly from: "react-router";
  /** The name of `createCookie`'s cookie. @default "__session" (React Router's) */
  readonly cookieName?: string;
  /** `createCookie`'s `secrets`: every one verifies. Required — an unsigned cookie is anyone's to write. */
  readonly secrets: readonly string[];
}

/**
 * Cookies svelte-kit-cookie-session 4 wrote (`handleSession`): the whole
 * cookie or its `chunked: true` cookies. The session takes the data (its
 * `expires` aside, which must not have passed) with a new id and `createdAt`.
 */
export interface SvelteKitCookieSessionMigration {
  readonly from: "svelte-kit-cookie-session";
  /** Its `key`. @default "kit.session" */
  readonly cookieName?: string;
  /** Its `secret`: the string of 32 characters, or its rotation list `[{ id, secret }]`. */
  readonly secret: string | readonly { readonly id: number; readonly secret: string }[];
}

/** One `migrateFrom` source, resolved: reads a `Cookie` header; `undefined` when none of its cookies is there. */
export interface MigrationReader {
  readonly from: SessionMigration["from"];
  read(header: string): Promise<MigratedCookie> | undefined;
}

/** A cookie another library wrote, read and opened. */
export interface MigratedCookie {
  /** The data it held (a JSON object). */
  readonly data: Readonly<Record<string, unknown>>;
  /** The names of the cookies that held it, expired once the session is written as ours. */
  readonly cookies: readonly string[];
  /** The password id it was sealed with. */
  readonly passwordId: string;
  /** The token's length, in bytes. */
  readonly bytes: number;
}
