// Serves the Next.js app test/setup.ts built, in process on 127.0.0.1 (Next's
// own request handler on node:http, as `next start` runs it).
import type { IncomingMessage, ServerResponse } from "node:http";
import { fileURLToPath } from "node:url";
import {
  CONFORMANCE_HANDLER,
  type ConformanceHandler,
  serveNode,
  type TestServer,
} from "@sealed-session/testing";
import next from "next";

export const PASSWORD = "Qm4Xv8Lk2Rt6Wp0Zs3Hd7Nc1Fb5Jy9Ge-next-test";
const dir = fileURLToPath(new URL("./app/", import.meta.url));

/** Serves the app; `handler` answers the conformance routes (/c/*, /api/p/*). */
export async function serveNext(
  handler?: ConformanceHandler,
  env: Record<string, string> = {},
): Promise<TestServer> {
  Object.assign(process.env, { NEXT_SESSION_PASSWORD: PASSWORD, ...env });
  (globalThis as Record<string, unknown>)[CONFORMANCE_HANDLER] = handler;
  // Listening first: Next fetches an action's redirect target from its own port.
  let handle: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | undefined;
  const server = await serveNode((req, res) => void handle?.(req, res));
  const port = Number(new URL(server.url).port);
  const app = next({ dev: false, dir, hostname: "127.0.0.1", port, quiet: true });
  await app.prepare();
  handle = app.getRequestHandler();
  return {
    ...server,
    close: async () => {
      await server.close();
      await app.close();
    },
  };
}
