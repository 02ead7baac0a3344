// Starts one runtime serving src/app.mjs on 127.0.0.1 and says where.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { freePort } from "@sealed-session/testing";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = (name: string) => `${root}node_modules/.bin/${name}`;

export interface Running {
  readonly url: string;
  stop(): void;
}

export const runtimes: Record<string, () => Promise<Running>> = {
  node: () => launch(process.execPath, ["src/node.mjs"]),
  bun: () => launch(bin("bun"), ["src/bun.mjs"]),
  deno: () =>
    launch(bin("deno"), [
      "run",
      "--allow-net=127.0.0.1",
      "--allow-env",
      "--allow-read",
      "src/deno.mjs",
    ]),
  workerd: async () => {
    const out = `${root}.artifacts/`;
    mkdirSync(out, { recursive: true });
    // Bundled from the packages' dist through their exports maps, with the
    // conditions workerd resolves; platform "neutral" fails on any node: import.
    await build({
      entryPoints: [`${root}src/worker.mjs`],
      outfile: `${out}worker.js`,
      bundle: true,
      format: "esm",
      platform: "neutral",
      conditions: ["workerd", "worker", "browser"],
      mainFields: ["module", "main"],
      logLevel: "error",
    });
    const port = await freePort();
    writeFileSync(
      `${out}config.capnp`,
      `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [ (name = "worker.js", esModule = embed "worker.js") ],
  compatibilityDate = "2025-09-01",
);
`,
    );
    return launch(bin("workerd"), ["serve", `${out}config.capnp`], `http://127.0.0.1:${port}`);
  },
};

/** Spawns a server and waits (15 s at most) until it answers; fails with its output otherwise. */
async function launch(command: string, args: string[], knownUrl?: string): Promise<Running> {
  const child: ChildProcess = spawn(command, args, {
    cwd: root,
    env: { ...process.env, PORT: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let url = knownUrl;
  const onData = (chunk: Buffer) => {
    output += chunk;
    url ??= /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  const stop = () => child.kill("SIGKILL");
  const started = Date.now();
  while (Date.now() - started < 15_000) {
    if (child.exitCode !== null) break;
    if (
      url &&
      (await fetch(`${url}/stats`).then(
        (r) => r.ok,
        () => false,
      ))
    )
      return { url, stop };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  stop();
  throw new Error(
    `${command} ${args.join(" ")} did not start (exit ${child.exitCode}):\n${output}`,
  );
}
