// The app's session config: the password from the environment the test sets.
import type { SessionConfig } from "../../src/index";

export type AppData = {
  user?: string;
  visits?: number;
};

export function config(): SessionConfig<AppData> {
  const password = process.env.NEXT_SESSION_PASSWORD;
  if (!password) throw new Error("NEXT_SESSION_PASSWORD is not set");
  const idle = Number(process.env.NEXT_SESSION_IDLE_TIMEOUT ?? 0);
  return { password, name: "app", ...(idle ? { idleTimeout: idle } : {}) };
}
