/**
 * @module Every error sealed-session throws is a `SealedSessionError` with a
 * stable string `code` (base.ts); the errors of sealing (seal.ts) and of
 * sessions (session.ts).
 */
export {
  isSealedSessionError,
  SealedSessionError,
  type SealedSessionErrorCode,
  type SessionRejectionCode,
  type UnsealErrorCode,
} from "./base";
export {
  isUnsealError,
  OptionsInvalidError,
  PasswordInvalidError,
  PasswordMissingError,
  PasswordShortError,
  PasswordWeakError,
  SealDataError,
  SealDecryptError,
  SealExpiredError,
  SealForeignSaltError,
  SealMacError,
  SealMalformedError,
  SealUnknownKeyError,
  UnsealError,
} from "./seal";
export {
  CSRF_FIELD,
  CSRF_HEADER,
  type CsrfFailure,
  HeadersSentError,
  SessionConflictError,
  SessionCsrfError,
  SessionExpiredError,
  SessionInvalidError,
  SessionLegacyError,
  SessionNotFoundError,
  SessionReadOnlyError,
  SessionRevokedError,
  SessionSchemaError,
  SessionTooLargeError,
  StoreUnavailableError,
} from "./session";
