import { createRequire } from "node:module";
import { describeSessionConformance } from "@sealed-session/testing";
import { serveNext } from "./_app";

const { version } = createRequire(import.meta.url)("next/package.json") as { version: string };

// Next.js built by `next build` and served by its own handler on 127.0.0.1.
// The App Router's route handlers take a Web Request and return a Response:
// the suite runs through the Web binding there, and through the Pages
// Router's API routes on Node's req and res.
describeSessionConformance(`Next.js ${version} route handlers (Web binding)`, async (handler) => {
  const server = await serveNext(handler);
  return { fetch: (path, init) => server.fetch(`/c${path}`, init), close: () => server.close() };
});

describeSessionConformance(`Next.js ${version} Pages Router API routes`, async (handler) => {
  const server = await serveNext(handler);
  return {
    fetch: (path, init) => server.fetch(`/api/p${path}`, init),
    close: () => server.close(),
  };
});
