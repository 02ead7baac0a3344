import { describeSessionConformance } from "@sealed-session/testing";
import { serveAstro } from "./_app";

// Astro 5 built for Node (@astrojs/node), its handler on a node:http server.
describeSessionConformance("Astro 5 (astro build, @astrojs/node on 127.0.0.1)", (handler) => serveAstro(handler));
