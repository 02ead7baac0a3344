// The app's session, through @sealed-session/h3 on SolidStart's h3 v2 event
// (`getRequestEvent().nativeEvent`), in place of @solidjs/start/http's useSession.
import { type SessionConfig, useSession } from "@sealed-session/h3";
import { getRequestEvent } from "solid-js/web";

export type AppData = { visits?: number; user?: string };

export const config = (): SessionConfig<AppData> => ({
  password: process.env.SOLID_SESSION_PASSWORD as string,
  name: "app",
  cookie: { secure: false },
});

/** The request's h3 event: SolidStart 2 keeps it as the request event's `nativeEvent`. */
export function event() {
  const request = getRequestEvent();
  if (!request) throw new Error("no request event: call this on the server, in a request");
  return request.nativeEvent;
}

export const appSession = () => useSession<AppData>(event(), config());
