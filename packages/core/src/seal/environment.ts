/**
 * @module Whether the process runs in production, for defaults that are
 * stricter there. The Web build cannot tell (it reads no global): it says no,
 * and an option says otherwise. The package's `node` build resolves this module
 * to `environment.node.ts` instead (see tsup.config.ts).
 */
export const isProduction = (): boolean => false;
