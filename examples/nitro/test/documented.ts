// The Nitro session documentation's flow, against a Nitro app built from the
// documentation's own files, started as a real server on 127.0.0.1.
import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { unseal } from "@sealed-session/core";
import { freePort } from "@sealed-session/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/** SHA-256 of the documentation's code blocks, for checkouts without the project's shared/ folder beside them. */
const DOCUMENTED: Record<string, string> = {
  "routes/index.ts": "ba079f692f05a01d30fb2fa968d2f8211ea646efc61d6aa029805712114d6f89",
  "routes/data.ts": "cc58116273bdab0e1f44ce96d33dbe8dfd4f92d0513849667d936ccc49bad3e2",
  "nitro.config.ts": "876d0dbd738c9b87c67d63a0290d2aeffeb8e9b7f3f2bade05c7c0773a46c06b",
};

/** The documentation's code blocks by file name (the later `routes/index.ts`, the one that updates, wins). */
function documentedBlocks(reference: string): Record<string, string> {
  const blocks: Record<string, string> = {};
  for (const match of readFileSync(reference, "utf8").matchAll(
    /```ts \[([^\]]+)\]\n([\s\S]*?)```/g,
  ))
    blocks[match[1] as string] = match[2] as string;
  return blocks;
}

/**
 * Registers the suite for the Nitro app in `root` (built to `.output`): its
 * documented files are the documentation's text byte for byte, and the
 * documented flow works over HTTP.
 */
export function nitroDocumentationSuite(root: string, label: string): void {
  const password = "qT4vN8xZ2mL6pR0sW9yB3cF7hJ1kD5gE-nitro";
  let server: ChildProcess | undefined;
  let base = "";

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const address = {
      NITRO_HOST: "127.0.0.1",
      NITRO_PORT: String(port),
      HOST: "127.0.0.1",
      PORT: String(port),
    };
    server = spawn(process.execPath, [".output/server/index.mjs"], {
      cwd: root,
      env: { ...process.env, ...address, NITRO_SESSION_PASSWORD: password },
      stdio: ["ignore", "pipe", "pipe"],
    });
    // Wait until it answers (bounded: 15 s).
    for (let i = 0; i < 150; i++) {
      if (
        await fetch(`${base}/data`).then(
          () => true,
          () => false,
        )
      )
        return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`the ${label} server did not start`);
  });

  afterAll(() => {
    server?.kill();
  });

  describe(`${label}: Nitro's session documentation, verbatim`, () => {
    it("routes/index.ts, routes/data.ts and nitro.config.ts are the documentation's code blocks, byte for byte", () => {
      // The project's shared/ folder sits beside the checkout (in CI too); else the pinned hashes.
      const reference = join(root, "../../../shared/reference/nitro-sessions.md");
      const blocks = existsSync(reference) ? documentedBlocks(reference) : undefined;
      for (const [file, sha] of Object.entries(DOCUMENTED)) {
        const text = readFileSync(join(root, file), "utf8");
        if (blocks) expect(text).toBe(blocks[file]);
        expect(createHash("sha256").update(text).digest("hex")).toBe(sha);
      }
    });

    it("GET / answers { foo: 'bar' } and a custom-name cookie that carries it, though update() was not awaited", async () => {
      const response = await fetch(`${base}/`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ foo: "bar" });
      const cookies = response.headers.getSetCookie();
      expect(cookies).toHaveLength(1);
      expect(cookies[0]).toMatch(
        /^custom-name=Fe26\.2\*.*; Path=\/; HttpOnly; Secure; SameSite=Lax$/,
      );
      const token = decodeURIComponent(
        /^custom-name=([^;]*)/.exec(cookies[0] as string)?.[1] ?? "",
      );
      expect(await unseal(token, password)).toMatchObject({ data: { foo: "bar" } });
    });

    it("GET /data reads { foo: 'bar' } back with the cookie, and with the x-custom-name-session header", async () => {
      const cookie = (await fetch(`${base}/`)).headers.getSetCookie()[0] as string;
      const pair = cookie.slice(0, cookie.indexOf(";"));
      const viaCookie = await fetch(`${base}/data`, { headers: { cookie: pair } });
      expect(await viaCookie.json()).toEqual({ foo: "bar" });
      expect(viaCookie.headers.getSetCookie()).toEqual([]);
      const token = decodeURIComponent(pair.slice("custom-name=".length));
      expect(
        await (await fetch(`${base}/data`, { headers: { "x-custom-name-session": token } })).json(),
      ).toEqual({ foo: "bar" });
    });

    it("without the cookie, /data is a fresh, empty session", async () => {
      expect(await (await fetch(`${base}/data`)).json()).toEqual({});
    });
  });
}
