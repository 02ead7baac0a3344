// What would be published, installed as a user would: `pnpm pack` every
// package, `npm install` the tarballs into a fresh project together with the
// frameworks from the registry, then run it as ESM and as CommonJS, and the
// CLI through npx. A missing file, a broken exports entry or a dependency
// missing from `dependencies` fails here.
import { execFileSync, spawnSync } from "node:child_process";
import {
  copyFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishedPackages } from "../../scripts/packages.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const fixtures = fileURLToPath(new URL("../fixtures/", import.meta.url));
// What an app installs: every published package but the test-time ones (a vitest peer:
// @sealed-session/testing) and the framework integrations whose peer is a whole
// framework (Nuxt, Astro, TanStack Start, React Router, SvelteKit: npm would
// install it here; their own tests build a real app of it).
const WHOLE_FRAMEWORKS = [
  "vitest",
  "nuxt",
  "astro",
  "@tanstack/react-start",
  "react-router",
  "@sveltejs/kit",
];
const packages = publishedPackages().filter((name) => {
  const peers =
    JSON.parse(readFileSync(join(root, "packages", name, "package.json"), "utf8"))
      .peerDependencies ?? {};
  return !WHOLE_FRAMEWORKS.some((peer) => peer in peers);
});
let project: string;

function pnpm(args: string[], cwd: string): string {
  // Under `pnpm run`, npm_execpath is pnpm's own entry point.
  const execpath = process.env.npm_execpath;
  return execpath?.includes("pnpm")
    ? execFileSync(process.execPath, [execpath, ...args], { cwd, encoding: "utf8" })
    : execFileSync("pnpm", args, { cwd, encoding: "utf8" });
}

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), "sealed-session-consumer-"));
  const tarballs = join(project, "tarballs");
  for (const name of packages)
    pnpm(["pack", "--pack-destination", tarballs], join(root, "packages", name));
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify({ name: "consumer-app", private: true, type: "module" }, null, 2),
  );
  const files = readdirSync(tarballs).map((file) => join(tarballs, file));
  execFileSync(
    "npm",
    [
      "install",
      "--no-audit",
      "--no-fund",
      "--loglevel=error",
      ...files,
      "h3@2.0.8",
      "h3-v1@npm:h3@1.15.11",
      "hono@4.13.19",
      "@hono/node-server@2.1.9",
      "express@5.3.0",
      "fastify@5.12.8",
      "elysia@1.4.30",
    ],
    { cwd: project, stdio: ["ignore", "ignore", "inherit"] },
  );
  for (const file of readdirSync(fixtures)) copyFileSync(join(fixtures, file), join(project, file));
}, 240_000);

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

function run(file: string) {
  const result = spawnSync(process.execPath, [file], {
    cwd: project,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: result.status, lines: result.stdout.trim().split("\n"), stderr: result.stderr };
}

describe("installed from the packed tarballs", () => {
  it("installs only what each package declares: core depends on uncrypto and cookie-es alone", () => {
    const core = JSON.parse(
      execFileSync("npm", ["ls", "@sealed-session/core", "--all", "--json"], {
        cwd: project,
        encoding: "utf8",
      }),
    );
    expect(core.dependencies["@sealed-session/core"].version).toBe("0.1.0");
    const tree = JSON.parse(
      execFileSync("npm", ["ls", "--all", "--json"], { cwd: project, encoding: "utf8" }),
    );
    // Installed ones only.
    const installed = Object.entries(
      tree.dependencies["@sealed-session/core"].dependencies ?? {},
    ).filter(([, dep]) => (dep as { version?: string }).version);
    expect(installed.map(([name]) => name).sort()).toEqual(["cookie-es", "uncrypto"]);
  });

  it("works as ESM: seal/unseal, the Web binding, and h3 v2, h3 v1, Hono, Express, Fastify and Elysia apps over 127.0.0.1", () => {
    const { status, lines, stderr } = run("app.mjs");
    expect({ lines, stderr: status === 0 ? "" : stderr }).toEqual({
      lines: [
        "ok esm seal/unseal",
        "ok esm h3 v2",
        "ok esm h3 v1",
        "ok esm hono",
        "ok esm express",
        "ok esm fastify",
        "ok esm elysia",
        "ok esm web binding",
      ],
      stderr: "",
    });
  });

  it("works as CommonJS: seal/unseal, and h3 v2, h3 v1, Hono, Express, Fastify and Elysia apps over 127.0.0.1", () => {
    const { status, lines, stderr } = run("app.cjs");
    expect({ lines, stderr: status === 0 ? "" : stderr }).toEqual({
      lines: [
        "ok cjs seal/unseal",
        "ok cjs h3 v2",
        "ok cjs h3 v1",
        "ok cjs hono",
        "ok cjs express",
        "ok cjs fastify",
        "ok cjs elysia",
      ],
      stderr: "",
    });
  });

  it("runs the sealed-session CLI through npx", () => {
    const npx = (args: string[], input?: string, env: Record<string, string> = {}) =>
      execFileSync("npx", ["--no-install", "sealed-session", ...args], {
        cwd: project,
        encoding: "utf8",
        input,
        env: { ...process.env, ...env },
      }).trim();
    const password = npx(["gen-password"]);
    expect(password).toMatch(/^[\w-]{43}$/);
    const token = npx(["seal"], '{"from":"npx"}', { SESSION_PASSWORD: password });
    expect(JSON.parse(npx(["unseal", token], undefined, { SESSION_PASSWORD: password }))).toEqual({
      from: "npx",
    });
  });
});
