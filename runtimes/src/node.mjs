// Node: the app on node:http (through @hono/node-server's Request/Response bridge).
import { createServer } from "node:http";
import { getRequestListener } from "@hono/node-server";
import { fetchHandler } from "./app.mjs";

const server = createServer(getRequestListener(fetchHandler));
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}`);
});
