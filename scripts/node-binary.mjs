// A Node binary of a given major line, fetched from the npm registry as the
// official platform package (node-<platform>-<arch>@<major>) and cached in a
// folder this project owns (~/.cache/sealed-session/node/<major>). The test
// line runs on any Node >= 20.19; what needs a newer one fetches it here.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

const cache = join(homedir(), ".cache", "sealed-session", "node");

/**
 * The path of a Node binary of `major` (a number), fetched once into the cache.
 * Safe when several tasks of the line ask at once: each fetches into a folder
 * of its own and the first to finish renames it into place.
 */
export function nodeOf(major) {
  const dir = join(cache, String(major));
  const binary = join(dir, "package", "bin", "node");
  if (existsSync(binary)) return binary;
  const partial = `${dir}.${process.pid}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  const name = `node-${process.platform}-${process.arch}@${major}`;
  console.log(`fetching ${name} from the npm registry…`);
  execFileSync("npm", ["pack", name, "--pack-destination", partial, "--silent"], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  const tarball = readdirSync(partial).find((file) => file.endsWith(".tgz"));
  if (!tarball) throw new Error(`npm pack ${name} gave no tarball`);
  execFileSync("tar", ["xzf", join(partial, tarball), "-C", partial]);
  rmSync(join(partial, tarball));
  try {
    renameSync(partial, dir);
  } catch {
    // Another task got there first (or a stale, binary-less folder is in the way).
    if (!existsSync(binary)) {
      rmSync(dir, { recursive: true, force: true });
      renameSync(partial, dir);
    }
  }
  rmSync(partial, { recursive: true, force: true });
  return binary;
}

/** An environment whose `node` (PATH first) is `binary`: every `#!/usr/bin/env node` tool it starts runs on it. */
export function envWith(binary, env = process.env) {
  return { ...env, PATH: `${join(binary, "..")}:${env.PATH}` };
}
