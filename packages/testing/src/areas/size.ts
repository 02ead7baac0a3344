import { describe, expect, it } from "vitest";
import type { Area } from "../kit";

export const sizeArea: Area = {
  routes: {},
  tests: ({ client, json, cookiesOf, sessionName }) => {
    describe("size", () => {
      it("splits a value over chunkMaxLength into h3's chunks, reads them back, and expires stale chunks when it shrinks", async () => {
        const c = client();
        const big = await c.request("/update", { body: { blob: "x".repeat(7000) } });
        const names = cookiesOf(big).map((cookie) => cookie.slice(0, cookie.indexOf("=")));
        expect(names).toEqual([
          sessionName,
          `${sessionName}.1`,
          `${sessionName}.2`,
          `${sessionName}.3`,
        ]);
        expect(cookiesOf(big)[0]).toMatch(new RegExp(`^${sessionName}=__chunked__3;`));
        expect(((await json(await c.request("/use"))).data.blob as string).length).toBe(7000);
        const small = await c.request("/update", { body: { blob: "small" } });
        expect(cookiesOf(small).filter((cookie) => cookie.includes("Max-Age=0"))).toHaveLength(3);
        expect(c.jar.names()).toEqual([sessionName]);
        expect((await json(await c.request("/use"))).data.blob).toBe("small");
      });

      it("clear() expires every chunk", async () => {
        const c = client();
        await c.request("/update", { body: { blob: "x".repeat(7000) } });
        expect(c.jar.names()).toHaveLength(4);
        await c.request("/clear");
        expect(c.jar.names()).toEqual([]);
      });

      it("refuses a session too large for the browser with ERR_SESSION_TOO_LARGE, changing no header", async () => {
        const c = client();
        await c.request("/update?config=small", { body: { keep: "me" } });
        const before = c.jar.get(sessionName);
        const response = await c.request("/try-update?config=small", {
          body: { blob: "z".repeat(8000) },
        });
        expect(await json(response)).toEqual({ error: "ERR_SESSION_TOO_LARGE" });
        expect(cookiesOf(response)).toEqual([]);
        expect(c.jar.get(sessionName)).toBe(before);
        expect((await json(await c.request("/use?config=small"))).data).toEqual({ keep: "me" });
      });
    });
  },
};
