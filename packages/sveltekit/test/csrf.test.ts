import { describeCsrfMiddleware, freePort } from "@sealed-session/testing";
import { serveKit } from "./_app";

// A file of its own: adapter-node reads ORIGIN once, when this worker first
// loads the app, and these posts come from a browser's origin on `port`.
describeCsrfMiddleware("SvelteKit handleCsrf()", async () => {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const app = await serveKit(undefined, { port, origin });
  return { fetch: (path, init) => app.fetch(path, init), close: () => app.close(), origin };
});
