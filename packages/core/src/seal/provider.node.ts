/**
 * @module The provider of the package's `node` build (Node, Bun, Deno):
 * node:crypto.
 */
export { nodeCrypto as crypto } from "./crypto-node";
