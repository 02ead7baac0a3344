// The app's session config: the password from the environment the test sets.
import type { SessionConfig } from "../../src/index";

export type AppData = {
  user?: string;
  visits?: number;
  note?: string;
};

export function config(): SessionConfig<AppData> {
  const password = process.env.NEXT_SESSION_PASSWORD;
  if (!password) throw new Error("NEXT_SESSION_PASSWORD is not set");
  const idle = Number(process.env.NEXT_SESSION_IDLE_TIMEOUT ?? 0);
  return {
    password,
    name: "app",
    // The app used iron-session before: its cookies are taken over on first use.
    migrateFrom: [{ from: "iron-session" }],
    ...(idle ? { idleTimeout: idle } : {}),
  };
}
