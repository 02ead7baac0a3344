/**
 * @module Layer 1 — seal: iron `Fe26.2` tokens and nothing else. `seal`/`unseal`,
 * passwords and rotation maps, options, the derived-key cache. The only layer
 * that calls crypto. Published on its own as `@sealed-session/core/seal`.
 */
export {
  isSealedSessionError,
  isUnsealError,
  OptionsInvalidError,
  PasswordInvalidError,
  PasswordMissingError,
  PasswordShortError,
  PasswordWeakError,
  SealDataError,
  SealDecryptError,
  SealExpiredError,
  SealedSessionError,
  type SealedSessionErrorCode,
  SealForeignSaltError,
  SealMacError,
  SealMalformedError,
  SealUnknownKeyError,
  UnsealError,
  type UnsealErrorCode,
} from "../errors";
export { createSealer, seal, unseal, unsealWithInfo } from "./functions";
export { defaultKeyCache, KeyCache, type KeyCacheOptions } from "./key-cache";
export { formatKeyring, isKeyring, parseKeyring, passwordFromEnv } from "./keyring";
export {
  type EncryptionAlgorithm,
  type IntegrityAlgorithm,
  type KeyOptions,
  type SaltReuseOptions,
  type SealOptions,
  sealDefaults,
} from "./options";
export type { Password, Secret } from "./password";
export { parseToken, type TokenParts } from "./token";
export type { Sealer, UnsealResult } from "./types";
