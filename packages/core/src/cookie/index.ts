/**
 * @module Layer 2 — cookie: one session's value in cookies. h3's chunk format
 * (`__chunked__N`, `<name>.1…N`), what the browser will send back (the size
 * budget), and staging: replacing a session's earlier `Set-Cookie` values.
 */
export {
  CHUNKED_PREFIX,
  type CookieOptions,
  type CookieWrite,
  expireChunkedCookie,
  isSessionCookie,
  type RequestCookie,
  readChunkedCookie,
  restage,
  restageByName,
  stageOnHeaders,
  writeChunkedCookie,
} from "./chunked";
