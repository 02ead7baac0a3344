/**
 * The data of `useAppSession(event)`'s session. Declare its fields in your
 * app (any `.d.ts` or `.ts` file):
 *
 * @example
 * ```ts
 * declare module "@sealed-session/nuxt" {
 *   interface AppSessionData {
 *     user?: string;
 *     visits?: number;
 *   }
 * }
 * ```
 */
export interface AppSessionData extends Record<string, unknown> {}
