import { describeSessionConformance } from "@sealed-session/testing";
import { ASTRO, serveAstro } from "./_app";

// Astro built for Node (@astrojs/node), its handler on a node:http server.
describeSessionConformance(`${ASTRO} (astro build, @astrojs/node on 127.0.0.1)`, (handler) =>
  serveAstro(handler),
);
