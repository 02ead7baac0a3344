export { createRevocation, type Revocation, type RevocationOptions } from "./revocation";
export { type SessionStorage, segment, TimedStore } from "./storage";
