/**
 * @module The provider the seal layer uses: Web Crypto. The package's `node`
 * build resolves this module to `provider.node.ts` instead (see
 * tsup.config.ts).
 */
export { webCrypto as crypto } from "./crypto";
