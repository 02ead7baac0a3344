// One loopback app in its own process (the load generator runs in another),
// on 127.0.0.1 at a random port. Stops itself after 15 minutes at the latest.
// Asked "usage" over IPC, it answers its CPU time and request count: the
// server's own cost per request, whatever the load generator's share of the
// machine.
import { createServer } from "node:http";
import { fastifyApps, nodeApps, redisApps } from "./apps.mjs";

const name = process.argv[2];
const make = nodeApps[name] ?? redisApps[name] ?? fastifyApps[name];
if (!make) {
  console.error(`unknown app: ${name}`);
  process.exit(2);
}
const server = createServer(await make());
let requests = 0;
server.on("request", () => requests++);
process.on("message", (message) => {
  if (message === "usage") process.send?.({ cpu: process.cpuUsage(), requests });
});
server.listen(0, "127.0.0.1", () => console.log(`listening ${server.address().port}`));
setTimeout(() => process.exit(0), 15 * 60_000).unref();
process.on("disconnect", () => process.exit(0));
process.on("SIGINT", () => process.exit(0));
