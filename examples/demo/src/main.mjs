// `pnpm demo [--framework h3|hono|express]`: the same page on any of the three adapters.
import { parseArgs } from "node:util";
import { demoConfig } from "./config.mjs";
import { expressServer } from "./express.mjs";
import { h3Server } from "./h3.mjs";
import { honoServer } from "./hono.mjs";

const servers = { h3: h3Server, hono: honoServer, express: expressServer };
const { values } = parseArgs({
  options: { framework: { type: "string", default: "h3" } },
  allowPositionals: true,
});
const create = servers[values.framework];
if (!create) {
  console.error(
    `Unknown framework "${values.framework}": use one of ${Object.keys(servers).join(", ")}.`,
  );
  process.exit(2);
}
const { port, session } = demoConfig();
const server = create(session);
server.listen(port, process.env.HOST ?? "127.0.0.1", () => {
  const { port: actual } = server.address();
  console.log(
    `sealed-session demo (${values.framework}, ${session.store ? "store" : "sealed"} mode) on http://localhost:${actual}/`,
  );
  console.log(
    `  idleTimeout ${session.idleTimeout} s, maxAge ${session.maxAge} s (SESSION_IDLE_TIMEOUT, SESSION_MAX_AGE); Ctrl-C to stop.`,
  );
});
