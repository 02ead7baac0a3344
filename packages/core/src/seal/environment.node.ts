/**
 * @module The `node` build (Node, Bun, Deno): production is
 * `NODE_ENV=production`, read when a configuration is resolved (start-up), not
 * per request.
 */
export const isProduction = (): boolean => process.env.NODE_ENV === "production";
