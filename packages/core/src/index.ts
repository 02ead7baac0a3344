export {
  isSealedSessionError,
  OptionsInvalidError,
  PasswordInvalidError,
  PasswordMissingError,
  PasswordShortError,
  SealDataError,
  SealDecryptError,
  SealExpiredError,
  SealedSessionError,
  type SealedSessionErrorCode,
  SealMacError,
  SealMalformedError,
  SealUnknownKeyError,
  UnsealError,
  type UnsealErrorCode,
} from "./errors";
export { defaultKeyCache, KeyCache, type KeyCacheOptions } from "./keys";
export {
  type EncryptionAlgorithm,
  type IntegrityAlgorithm,
  type KeyOptions,
  type SaltReuseOptions,
  type SealOptions,
  sealDefaults,
} from "./options";
export type { Password, Secret } from "./password";
export { isUnsealError, seal, type UnsealResult, unseal, unsealWithInfo } from "./seal";
export { MAC_PREFIX, parseToken, type TokenParts } from "./token";
