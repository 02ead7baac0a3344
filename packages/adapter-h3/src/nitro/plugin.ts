// Nitro 2 runtime plugin (added by the module): before each response is
// written, wait for the session writes its handler did not await.
import { type H3Event, settleSessions } from "../index";

interface NitroAppLike {
  hooks: { hook(name: "beforeResponse", fn: (event: H3Event) => Promise<void>): unknown };
}

export default function sealedSessionPlugin(nitroApp: NitroAppLike): void {
  nitroApp.hooks.hook("beforeResponse", (event) => settleSessions(event));
}
