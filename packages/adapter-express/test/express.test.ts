import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PasswordMissingError, type SessionManager, useWebSession } from "@sealed-session/core";
import { useSession as h3UseSession } from "@sealed-session/h3";
import type { TestServer } from "@sealed-session/testing";
import { CookieJar, describeCsrfMiddleware } from "@sealed-session/testing";
import type { NextFunction, Request, Response } from "express";
import { H3 } from "h3";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { csrf, type RequestWithSession, session } from "../src/index";
import { expressVersions, start } from "./_apps";

declare module "../src/index" {
  interface AppSessionData {
    user?: string;
    visits?: number;
    note?: string;
  }
}

const password = "express-adapter-test-password-0123456789";
const dir = mkdtempSync(join(tmpdir(), "sealed-session-express-"));
writeFileSync(join(dir, "hello.txt"), "hello from a file");

describe.each(expressVersions)("%s session() middleware", (_, express) => {
  let server: TestServer;
  const lateErrors: string[] = [];

  beforeAll(async () => {
    const app = express();
    app.use(session({ password, onError: (error) => lateErrors.push(error.code) }));
    app.use("/admin", session({ password, name: "admin", contextKey: "admin" }));
    // The old name still works.
    app.use("/legacy", session({ password, name: "legacy", requestKey: "legacy" }));
    app.get("/legacy/read", (req, res) => {
      res.json({
        has:
          typeof (req as unknown as RequestWithSession<Record<string, unknown>, "legacy">).legacy
            ?.update === "function",
      });
    });
    const touch = (req: Request) => {
      req.session.data.visits = (req.session.data.visits ?? 0) + 1;
    };
    app.get("/json", (req, res) => {
      touch(req);
      res.json(req.session.data);
    });
    app.get("/send", (req, res) => {
      touch(req);
      res.send("sent");
    });
    app.get("/end", (req, res) => {
      touch(req);
      res.end("ended");
    });
    app.get("/file", (req, res) => {
      touch(req);
      res.sendFile(join(dir, "hello.txt"));
    });
    app.get("/read", (req, res) => {
      res.json({ id: req.session.id, data: req.session.data });
    });
    app.get("/unsealable", (req, res) => {
      touch(req);
      (req.session.data as Record<string, unknown>).big = 10n;
      res.json({ ok: true });
    });
    app.post("/login", async (req, res) => {
      req.session.data.user = "ada";
      await req.session.regenerate();
      res.redirect("/home");
    });
    app.get("/next-error", (req, _res, next) => {
      touch(req);
      next(new Error("passed to next"));
    });
    app.get("/throw", (req) => {
      touch(req);
      throw new Error("thrown");
    });
    app.get("/stream-after-update", async (req, res) => {
      await req.session.update({ note: "before the stream" });
      res.write("part 1, ");
      setTimeout(() => res.end("part 2"), 5);
    });
    app.get("/stream-then-change", (req, res) => {
      res.write("streaming first, ");
      setTimeout(() => {
        // The headers are on the wire by now: this change cannot reach the client.
        req.session.data.note = "too late";
        res.end("then changed");
      }, 20);
    });
    app.get("/admin/grant", (req, res) => {
      const admin = (req as unknown as RequestWithSession<{ role?: string }, "admin">).admin;
      admin.data.role = "owner";
      res.json({ role: admin.data.role, user: req.session.data.user ?? null });
    });
    app.use((error: Error, req: Request, res: Response, _next: NextFunction) => {
      touch(req);
      res.status(500).json({ error: error.message });
    });
    server = await start(app);
  });
  afterAll(() => server.close());

  const send = async (path: string, jar: CookieJar, method = "GET") => {
    const response = await server.fetch(path, {
      method,
      headers: jar.header() ? { cookie: jar.header() } : {},
    });
    jar.take(response);
    return response;
  };
  const visits = async (jar: CookieJar) =>
    ((await (await send("/read", jar)).json()) as { data: { visits?: number } }).data.visits;
  const names = (response: Response | globalThis.Response) =>
    (response as globalThis.Response).headers.getSetCookie().map((c) => c.slice(0, c.indexOf("=")));

  it.each(["/json", "/send", "/end", "/file"])("commits a direct change on %s", async (path) => {
    const jar = new CookieJar();
    const response = await send(path, jar);
    expect(response.status).toBe(200);
    expect(names(response)).toEqual(["session"]);
    await send(path, jar);
    expect(await visits(jar)).toBe(2);
    if (path === "/file") expect(await (await send(path, jar)).text()).toBe("hello from a file");
  });

  it("answers a commit that cannot seal through the error handler, as h3 and Hono do: a 500, no cookie, the session as it was (issue 23)", async () => {
    const jar = new CookieJar();
    await send("/json", jar);
    const response = await send("/unsealable", jar);
    expect(response.status).toBe(500);
    expect(((await response.json()) as { error: string }).error).toMatch(/JSON|serializ/i);
    expect(names(response)).toEqual([]);
    // The visit counted before the failure did not land either: the stored session is the one before.
    expect(await visits(jar)).toBe(1);
  });

  it("writes nothing when nothing changed", async () => {
    const jar = new CookieJar();
    await send("/read", jar);
    expect(names(await send("/read", jar))).toEqual([]);
  });

  it.each(["/next-error", "/throw"])(
    "commits on the error handler's response after %s",
    async (path) => {
      const jar = new CookieJar();
      const response = await send(path, jar);
      expect(response.status).toBe(500);
      expect(names(response)).toEqual(["session"]);
      // The handler and the error handler each counted a visit.
      expect(await visits(jar)).toBe(2);
    },
  );

  it("redirects after a login with a new id and the cookie", async () => {
    const jar = new CookieJar();
    const before = ((await (await send("/read", jar)).json()) as { id: string }).id;
    const response = await send("/login", jar, "POST");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/home");
    expect(names(response)).toEqual(["session"]);
    const after = (await (await send("/read", jar)).json()) as {
      id: string;
      data: { user?: string };
    };
    expect(after.id).not.toBe(before);
    expect(after.data.user).toBe("ada");
  });

  it("streams after an awaited update(), with the cookie on the response", async () => {
    const jar = new CookieJar();
    const response = await send("/stream-after-update", jar);
    expect(await response.text()).toBe("part 1, part 2");
    expect(names(response)).toEqual(["session"]);
    expect(
      ((await (await send("/read", jar)).json()) as { data: { note?: string } }).data.note,
    ).toBe("before the stream");
  });

  it("reports a change made after the stream started as ERR_HEADERS_SENT instead of losing it silently", async () => {
    lateErrors.length = 0;
    const jar = new CookieJar();
    await send("/read", jar);
    const response = await send("/stream-then-change", jar);
    expect(await response.text()).toBe("streaming first, then changed");
    expect(lateErrors).toEqual(["ERR_HEADERS_SENT"]);
    expect(
      ((await (await send("/read", jar)).json()) as { data: { note?: string } }).data.note,
    ).toBeUndefined();
  });

  it("still takes the deprecated requestKey for contextKey", async () => {
    expect(await (await send("/legacy/read", new CookieJar())).json()).toEqual({ has: true });
  });

  it("keeps a second session under its own contextKey", async () => {
    const jar = new CookieJar();
    await send("/login", jar, "POST");
    const response = await send("/admin/grant", jar);
    expect(await response.json()).toEqual({ role: "owner", user: "ada" });
    expect(names(response)).toEqual(["admin"]);
    expect(jar.names()).toEqual(["admin", "session"]);
  });

  it("50 concurrent clients keep their own sessions", async () => {
    const jars = Array.from({ length: 50 }, () => new CookieJar());
    for (let round = 0; round < 3; round++)
      await Promise.all(jars.map((jar) => send("/json", jar)));
    const results = await Promise.all(
      jars.map(
        async (jar) => (await (await send("/read", jar)).json()) as { id: string; data: unknown },
      ),
    );
    expect(results.map((r) => r.data)).toEqual(jars.map(() => ({ visits: 3 })));
    expect(new Set(results.map((r) => r.id)).size).toBe(50);
  });
});

describe("session()", () => {
  it("types req.session through declaration merging", () => {
    const handler = (req: Request) => {
      expectTypeOf(req.session).toExtend<SessionManager>();
      expectTypeOf(req.session.data.visits).toEqualTypeOf<number | undefined>();
      expectTypeOf(req.session.data.user).toEqualTypeOf<string | undefined>();
      // @ts-expect-error: visits is a number
      req.session.data.visits = "many";
    };
    expect(typeof handler).toBe("function");
  });

  it("throws a configuration error when set up", () => {
    expect(() => session({} as never)).toThrow(PasswordMissingError);
    expect(() => session({} as never)).toThrow(/gen-password/);
  });
});

describe("cookies move between the Express adapter, the h3 adapter and the Web binding", () => {
  it("one session passes through all three", async () => {
    const [, express] = expressVersions[0] as (typeof expressVersions)[number];
    const config = { password, name: "shared" };
    const app = express();
    app.use(session(config));
    app.get("/", (req, res) => {
      const data = req.session.data as { path?: string[] };
      data.path = [...(data.path ?? []), "express"];
      res.json({ id: req.session.id, data });
    });
    const server = await start(app);
    const h3 = new H3().get("/", async (event) => {
      const s = await h3UseSession(event, config);
      await s.update({ path: [...((s.data.path as string[]) ?? []), "h3"] });
      return { id: s.id, data: s.data };
    });
    const jar = new CookieJar();
    const step = async (
      fetcher: (request: Request) => Promise<globalThis.Response> | globalThis.Response,
    ) => {
      const response = await fetcher(
        new Request("http://localhost/", { headers: { cookie: jar.header() } }) as never,
      );
      jar.take(response);
      return (await response.json()) as { id: string; data: { path: string[] } };
    };
    try {
      const first = await step(() => server.fetch("/", { headers: { cookie: jar.header() } }));
      await step((r) => h3.fetch(r as never));
      await step(async (r) => {
        const s = await useWebSession(r as never, config);
        await s.update({ path: [...((s.data.path as string[]) ?? []), "web"] });
        return s.applyTo(Response.json({ id: s.id, data: s.data }) as never) as never;
      });
      const last = await step(() => server.fetch("/", { headers: { cookie: jar.header() } }));
      expect(last).toEqual({ id: first.id, data: { path: ["express", "h3", "web", "express"] } });
    } finally {
      await server.close();
    }
  });
});

describe.each(expressVersions)("%s csrf()", (version, express) => {
  describeCsrfMiddleware(`Express (${version}) csrf()`, async () => {
    const app = express();
    app.use(express.urlencoded({ extended: false }), session({ password }), csrf());
    app.get("/csrf/form", async (req, res) => {
      res.json({ token: await req.session.csrfToken() });
    });
    app.post("/csrf/save", (req, res) => {
      res.json({ saved: (req.body as { note?: string }).note });
    });
    return start(app);
  });

  it("hands a missing session() to the error handler, with the fix", async () => {
    const app = express();
    app.use(csrf());
    app.post("/x", (_req, res) => res.send("x"));
    app.use((error: Error, _req: Request, res: Response, _next: NextFunction) => {
      res.status(500).json({ error: error.message });
    });
    const server = await start(app);
    try {
      const response = await server.fetch("/x", { method: "POST" });
      expect(((await response.json()) as { error: string }).error).toMatch(/after session\(\)/);
    } finally {
      await server.close();
    }
  });
});
