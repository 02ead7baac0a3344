// Next.js's Pages Router (`getServerSideProps`, API routes) onto the core's
// Node binding: Node's request and response, as Express's. Nothing else is
// here: every session rule is the core's.
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  bindSessionFunctions,
  nodeExchange,
  type SessionFunctions,
} from "@sealed-session/core/adapter";

export type * from "./types";

/** Nitro's session functions on the Pages Router's `req` and `res`. */
export type PagesSessionFunctions = SessionFunctions<[req: IncomingMessage, res: ServerResponse]>;

/**
 * Nitro's session functions in `getServerSideProps` (`context.req`,
 * `context.res`) and API routes (`req`, `res`): `update()` sets the cookie
 * on `res` at once, so await it before returning props or ending the response.
 *
 * @example
 * ```ts
 * export const getServerSideProps = async ({ req, res }) => {
 *   const session = await useSession(req, res, { password: process.env.SESSION_PASSWORD! });
 *   return { props: { user: session.data.user ?? null } };
 * };
 * ```
 */
export const { useSession, getSession, updateSession, clearSession, sealSession, unsealSession } =
  bindSessionFunctions((req: IncomingMessage, res: ServerResponse) =>
    nodeExchange(req, res),
  ) as PagesSessionFunctions;

/**
 * `useSession` under a name React's rules of hooks (`eslint-plugin-react-hooks`,
 * on in `eslint-config-next`) do not take for a hook: the same function, for
 * `getServerSideProps` and API routes, which that rule reads as plain functions calling a hook.
 */
export const openSession: typeof useSession = useSession;
