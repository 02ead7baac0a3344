/**
 * @module Random salts and IVs for new tokens.
 */
import { IV_BYTES } from "./algorithms";
import { crypto } from "./provider";

// IVs and salts are cut from a pool of CSPRNG bytes, refilled 4 KiB at a time:
// every byte is used once, and a seal saves a call to the provider (a few µs on Node).
const POOL_BYTES = IV_BYTES * 256;
let pool = new Uint8Array(0);
let offset = POOL_BYTES;

/** A fresh random IV (16 bytes) for one `Fe26.2` token. */
export function randomIv(): Uint8Array<ArrayBuffer> {
  return randomBytes(IV_BYTES);
}

/** `size` fresh random bytes (at most a pool's) cut from the pool, for one token. */
export function randomBytes(size: number): Uint8Array<ArrayBuffer> {
  if (offset + size > pool.length) {
    pool = crypto.randomBytes(POOL_BYTES);
    offset = 0;
  }
  // A copy, so no two tokens ever share the pool's memory.
  return pool.slice(offset, (offset += size));
}
