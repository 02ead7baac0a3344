// Serves the SolidStart app test/setup.ts built (Nitro's node-middleware) on 127.0.0.1, in process.
import { fileURLToPath } from "node:url";
import { type ConformanceHandler, serveBuild, type TestServer } from "@sealed-session/testing";

export const PASSWORD = "Rw6Tj1Nb8Kx3Qm5Zc9Vd2Hf7Lp4Gs0Ea-solid-test";
const entry = fileURLToPath(new URL("../.output/server/index.mjs", import.meta.url));

/** Serves the app; `handler` answers its /c/* API route (the conformance suite's routes). */
export function serveSolid(handler?: ConformanceHandler): Promise<TestServer> {
  return serveBuild(entry, {
    env: { SOLID_SESSION_PASSWORD: PASSWORD },
    handler,
    exportName: "middleware",
  });
}
