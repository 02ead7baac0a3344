import { serveNode } from "@sealed-session/testing";
import { H3 } from "h3";
import { createApp, eventHandler, readBody, toNodeListener } from "h3-v1";
import type { H3Event } from "../src/index";

/** A route: the h3 event and the parsed JSON body of a POST. */
export type Route = (event: H3Event, body: unknown) => unknown | Promise<unknown>;

/** Something to `fetch` against, and how to stop it. */
export interface App {
  fetch(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

/** The same routes on h3 v2 (in process) and on h3 v1 (Node, over node:http on 127.0.0.1). */
export const h3Versions: Array<[string, (routes: Record<string, Route>) => Promise<App>]> = [
  [
    "h3 v2",
    async (routes) => {
      const app = new H3({ silent: true });
      for (const [path, route] of Object.entries(routes)) {
        app.all(path, async (event) =>
          route(event, event.req.method === "POST" ? await event.req.json() : undefined),
        );
      }
      return { fetch: async (path, init) => app.request(path, init), close: async () => {} };
    },
  ],
  [
    "h3 v1",
    async (routes) => {
      const app = createApp({ onError: () => {} });
      app.use(
        eventHandler(async (event) => {
          const route = routes[event.path.split("?")[0] as string];
          if (!route) return { unknownRoute: event.path };
          return route(event, event.method === "POST" ? await readBody(event) : undefined);
        }),
      );
      return serveNode(toNodeListener(app));
    },
  ],
];
