// Deno: the app on Deno.serve.
import { fetchHandler } from "./app.mjs";

Deno.serve(
  {
    hostname: "127.0.0.1",
    port: Number(Deno.env.get("PORT") ?? 0),
    onListen: ({ port }) => console.log(`listening on http://127.0.0.1:${port}`),
  },
  fetchHandler,
);
