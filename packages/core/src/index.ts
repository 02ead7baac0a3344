export { commitBeforeHeaders, type DeferrableResponse, type NodeRequestLike, type NodeResponseLike, nodeExchange } from "./bindings/node";
export { applyExchange, useWebSession, WebExchange, type WebSessionManager, webExchange } from "./bindings/web";
export {
  CHUNKED_PREFIX,
  type CookieOptions,
  type CookieWrite,
  expireChunkedCookie,
  isSessionCookie,
  type RequestCookie,
  readChunkedCookie,
  restage,
  writeChunkedCookie,
} from "./cookie/chunked";
export {
  HeadersSentError,
  isSealedSessionError,
  isUnsealError,
  OptionsInvalidError,
  PasswordInvalidError,
  PasswordMissingError,
  PasswordShortError,
  SealDataError,
  SealDecryptError,
  SealExpiredError,
  SealedSessionError,
  type SealedSessionErrorCode,
  SealForeignSaltError,
  SealMacError,
  SealMalformedError,
  SealUnknownKeyError,
  SessionExpiredError,
  SessionInvalidError,
  type SessionRejectionCode,
  SessionSchemaError,
  SessionTooLargeError,
  UnsealError,
  type UnsealErrorCode,
} from "./errors";
export { defaultKeyCache, KeyCache, type KeyCacheOptions } from "./seal/keys";
export {
  type EncryptionAlgorithm,
  type IntegrityAlgorithm,
  type KeyOptions,
  type SaltReuseOptions,
  type SealOptions,
  sealDefaults,
} from "./seal/options";
export type { Password, Secret } from "./seal/password";
export { seal, type UnsealResult, unseal, unsealWithInfo } from "./seal/seal";
export { MAC_PREFIX, parseToken, type TokenParts } from "./seal/token";
export { bindSessionFunctions, type SessionFunctions } from "./session/bind";
export {
  DEFAULT_COOKIE,
  DEFAULT_NAME,
  type ResolvedSessionConfig,
  resolveSessionConfig,
  type SessionConfig,
  type SessionErrorContext,
} from "./session/config";
export type { SessionExchange, SessionUpdate } from "./session/engine";
export {
  clearSession,
  getSession,
  openSession,
  type SessionManager,
  sealSession,
  settleSessions,
  unsealSession,
  updateSession,
  useSession,
} from "./session/manager";
export type { Session, SessionData } from "./session/record";
export type { StandardSchemaV1 } from "./session/standard-schema";
