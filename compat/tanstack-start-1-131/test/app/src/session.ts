// The app's session config: its password from the environment at run time.
import type { SessionConfig } from "@sealed-session/tanstack-start";

export type AppData = { visits?: number; user?: string };

export const config = (): SessionConfig<AppData> => ({
  password: process.env.START_SESSION_PASSWORD as string,
  name: "app",
  cookie: { secure: false },
});
