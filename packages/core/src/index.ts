export type { StandardSchemaV1 } from "./_standard-schema";
export { bindSessionFunctions, type SessionFunctions } from "./bind";
export {
  DEFAULT_COOKIE,
  DEFAULT_NAME,
  type ResolvedSessionConfig,
  resolveSessionConfig,
  type SessionConfig,
  type SessionErrorContext,
} from "./config";
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
} from "./cookie";
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
export { defaultKeyCache, KeyCache, type KeyCacheOptions } from "./keys";
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
} from "./manager";
export { commitBeforeHeaders, type DeferrableResponse, type NodeRequestLike, type NodeResponseLike, nodeExchange } from "./node";
export {
  type EncryptionAlgorithm,
  type IntegrityAlgorithm,
  type KeyOptions,
  type SaltReuseOptions,
  type SealOptions,
  sealDefaults,
} from "./options";
export type { Password, Secret } from "./password";
export type { Session, SessionData } from "./record";
export { seal, type UnsealResult, unseal, unsealWithInfo } from "./seal";
export type { SessionExchange, SessionUpdate } from "./session";
export { MAC_PREFIX, parseToken, type TokenParts } from "./token";
export { applyExchange, useWebSession, WebExchange, type WebSessionManager, webExchange } from "./web";
