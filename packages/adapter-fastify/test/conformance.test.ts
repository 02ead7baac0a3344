import { createRequire } from "node:module";
import { describeSessionConformance } from "@sealed-session/testing";
import Fastify from "fastify";
import { contextOf, start } from "./_apps";

const { version } = createRequire(import.meta.url)("fastify/package.json") as { version: string };

describeSessionConformance(
  `Fastify ${version} (its node:http server on 127.0.0.1)`,
  (handler) => {
    const app = Fastify();
    app.all("/*", (request, reply) => handler(contextOf(request, reply)));
    app.setErrorHandler((error, _request, reply) => {
      reply.status(500).send({ error: (error as Error).message });
    });
    return start(app);
  },
  { bound: true },
);
