// What the README says happens to cookie-session's and express-session's cookies on the switch.
import cookieSession from "cookie-session";
import express from "express";
import expressSession from "express-session";
import { describe, expect, it } from "vitest";
import { session } from "../src/index";
import { start } from "./_apps";

const password = "express-migration-password-0123456789abcd";

async function cookieFrom(app: ReturnType<typeof express>) {
  const server = await start(app);
  try {
    const response = await server.fetch("/");
    return response.headers
      .getSetCookie()
      .map((c) => c.slice(0, c.indexOf(";")))
      .join("; ");
  } finally {
    await server.close();
  }
}

async function readWithOurs(cookie: string) {
  const errors: string[] = [];
  const app = express();
  app.use(session({ password, name: "session", onError: (error) => errors.push(error.code) }));
  app.get("/", (req, res) => {
    res.json(req.session.data);
  });
  const server = await start(app);
  try {
    const response = await server.fetch("/", { headers: { cookie } });
    return { status: response.status, data: await response.json(), errors };
  } finally {
    await server.close();
  }
}

describe("switching from cookie-session or express-session", () => {
  it("a cookie-session cookie is refused: a fresh session, no error response", async () => {
    const old = express();
    old.use(cookieSession({ name: "session", keys: [password] }));
    old.get("/", (req, res) => {
      (req.session as { user?: string }).user = "ada";
      res.end();
    });
    const cookie = await cookieFrom(old);
    expect(cookie).toMatch(/^session=/);
    expect(await readWithOurs(cookie)).toEqual({
      status: 200,
      data: {},
      errors: ["ERR_SEAL_MALFORMED"],
    });
  });

  it("an express-session cookie is refused: a fresh session, no error response", async () => {
    const old = express();
    old.use(
      expressSession({ name: "session", secret: password, resave: false, saveUninitialized: true }),
    );
    old.get("/", (_req, res) => {
      res.end();
    });
    const cookie = await cookieFrom(old);
    expect(cookie).toMatch(/^session=s%3A/);
    expect(await readWithOurs(cookie)).toEqual({
      status: 200,
      data: {},
      errors: ["ERR_SEAL_MALFORMED"],
    });
  });
});
