import { describeSessionConformance, serveNode } from "@sealed-session/testing";
import { H3, toNodeHandler } from "h3";
import { createApp, eventHandler, readBody, toNodeListener } from "h3-v1";
import { contextOf } from "./_context";

const options = { defaultName: "h3" };

function v2App(handler: Parameters<Parameters<typeof describeSessionConformance>[1]>[0]) {
  return new H3({ silent: true }).all("/**", async (event) => {
    const body = event.req.method === "POST" ? await event.req.json() : undefined;
    return handler(contextOf(event, event.req.method, new URL(event.req.url), body));
  });
}

describeSessionConformance(
  "h3 v2 (in process)",
  (handler) => {
    const app = v2App(handler);
    return { fetch: async (path, init) => app.request(path, init) };
  },
  options,
);

describeSessionConformance(
  "h3 v2 (node:http on 127.0.0.1)",
  (handler) => serveNode(toNodeHandler(v2App(handler))),
  options,
);

describeSessionConformance(
  "h3 v1 (node:http on 127.0.0.1)",
  (handler) => {
    const app = createApp({ onError: () => {} }).use(
      eventHandler(async (event) => {
        const body = event.method === "POST" ? await readBody(event) : undefined;
        return handler(
          contextOf(event, event.method, new URL(event.path, "http://localhost"), body),
        );
      }),
    );
    return serveNode(toNodeListener(app));
  },
  options,
);
