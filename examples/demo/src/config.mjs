// The demo's settings, from the environment.
import { randomBytes } from "node:crypto";
import { createRevocation, createSessionStore } from "@sealed-session/core";

/**
 * Reads PORT, SESSION_PASSWORD, SESSION_IDLE_TIMEOUT and SESSION_MAX_AGE
 * (seconds), and SESSION_MODE: `sealed` (the default: the session in the
 * cookie, with revocation) or `store` (the session in a store, the cookie
 * naming it: the page then lists the user's devices).
 */
export function demoConfig(env = process.env, log = console.log) {
  let password = env.SESSION_PASSWORD;
  if (!password) {
    password = randomBytes(32).toString("base64url");
    log("No SESSION_PASSWORD set: generated one for this run (sessions end when the demo stops).");
  }
  const seconds = (name) => (env[name] ? Number(env[name]) : undefined);
  return {
    port: Number(env.PORT ?? 3000),
    session: {
      password,
      name: "demo",
      idleTimeout: seconds("SESSION_IDLE_TIMEOUT") ?? 30 * 60,
      maxAge: seconds("SESSION_MAX_AGE") ?? 24 * 60 * 60,
      // "Sign out everywhere" and the device list keep their state in this
      // process's memory (one demo server); a fleet would give every server
      // the same Redis or KV storage.
      ...(env.SESSION_MODE === "store"
        ? { store: createSessionStore() }
        : { revocation: createRevocation({ ttl: seconds("SESSION_MAX_AGE") ?? 24 * 60 * 60 }) }),
      userKey: (data) => data.user,
    },
  };
}
