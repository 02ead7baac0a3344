// Bun: the app on Bun.serve.
import { fetchHandler } from "./app.mjs";

const server = Bun.serve({
  hostname: "127.0.0.1",
  port: Number(process.env.PORT ?? 0),
  fetch: fetchHandler,
});
console.log(`listening on http://127.0.0.1:${server.port}`);
