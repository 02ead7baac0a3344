// commitBeforeHeaders on Node's own ServerResponse: the header-sending methods
// are wrapped once per prototype, never per response, and a response without
// commits goes straight through them.
import {
  createServer,
  type IncomingMessage,
  type ServerResponse as Response,
  ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { commitBeforeHeaders, type DeferrableResponse } from "../src/adapter";

const config = { password: "Hq2Wz7Kc4Nv9Lb1Tr6Yp3Xm8Gd5Fs0Ja-hold" };

describe("commitBeforeHeaders", () => {
  it("wraps writeHead, write and end once on the response's prototype, and sets none on the response", async () => {
    // A prototype of our own, as Express gives its responses (app.response).
    const proto = Object.create(ServerResponse.prototype);
    const seen: Array<Record<string, boolean>> = [];
    let firstWrappers: unknown[] | undefined;
    const server = await listen((req: IncomingMessage, res: Response) => {
      Object.setPrototypeOf(res, proto);
      const n = Number(new URL(req.url ?? "/", "http://x").searchParams.get("n"));
      // Every other response has a commit (which sets a header after a tick); the rest have none.
      if (n % 2 === 0) {
        commitBeforeHeaders(res as unknown as DeferrableResponse, config, () =>
          Promise.resolve().then(() => res.setHeader("x-committed", String(n))),
        );
      }
      seen.push({
        writeHead: Object.hasOwn(res, "writeHead"),
        write: Object.hasOwn(res, "write"),
        end: Object.hasOwn(res, "end"),
      });
      const wrappers = [proto.writeHead, proto.write, proto.end];
      firstWrappers ??= wrappers;
      expect(wrappers).toEqual(firstWrappers);
      res.end(`n=${n}`);
    });
    try {
      for (let n = 0; n < 4; n++) {
        const response = await server.fetch(`/?n=${n}`);
        expect(await response.text()).toBe(`n=${n}`);
        expect(response.headers.get("x-committed")).toBe(n % 2 === 0 ? String(n) : null);
      }
    } finally {
      await server.close();
    }
    expect(seen.every((own) => !own.writeHead && !own.write && !own.end)).toBe(true);
    expect(Object.hasOwn(proto, "end")).toBe(true);
    // Node's own prototype, which no response here had directly, is left as it was.
    expect(Object.hasOwn(ServerResponse.prototype, "end")).toBe(false);
  });
});

// A node:http server on 127.0.0.1 at a free port, with fetch and close.
async function listen(listener: (req: IncomingMessage, res: Response) => void) {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  server.unref();
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    fetch: (path: string) => fetch(url + path),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
