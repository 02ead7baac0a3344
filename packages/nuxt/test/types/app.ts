// An app's view of the published types: it augments AppSessionData through the
// package name, and useAppSession's declaration (what Nuxt's generated
// auto-import types point at) carries it.
import type { useAppSession } from "../../dist/runtime/session";

declare module "@sealed-session/nuxt" {
  interface AppSessionData {
    visits?: number;
    user?: string;
  }
}

type Manager = Awaited<ReturnType<typeof useAppSession>>;
declare const manager: Manager;

export const visits: number | undefined = manager.data.visits;
export const user: string | undefined = manager.data.user;
// @ts-expect-error visits is a number
manager.data.visits = "many";
