// Keyrings as operators paste them (issue 23): white space from a `.env` file
// or `echo` is trimmed; a text that starts like a keyring but does not parse
// is refused at set-up, never read as one bare password (which would log
// every session out on deploy); and what `sealed-session rotate` prints reads
// back as the keyring it meant.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import {
  isKeyring,
  parseKeyring,
  parseToken,
  type SessionConfig,
  seal,
  unseal,
} from "@sealed-session/core";
import { resolveSessionConfig } from "@sealed-session/core/adapter";
import { session as expressSession } from "@sealed-session/express";
import { session as honoSession } from "@sealed-session/hono";
import { describe, expect, it } from "vitest";
import { codeOf } from "../src/client";
import { count } from "../src/tally";

const A = "keyring-entry-three-0123456789abcdefghijkl";
const B = "keyring-entry-two-0123456789abcdefghijklmn";
const C = "keyring-entry-one-0123456789abcdefghijklmn";
const entries = [`3:${A}`, `2:${B}`, `1:${C}`];

// Every way white space reaches a keyring by accident: around it, around its entries.
const SPACES = ["", " ", "  ", "\t", "\n", "\r\n", " \n"];
const padded = SPACES.flatMap((outer) =>
  SPACES.map((inner) => `${outer}${entries.join(`${inner},${inner}`)}${outer}`),
);

// Texts that start like a keyring and are broken: each entry broken each way.
const breakings: Array<(entry: string) => string> = [
  (entry) => entry.replace(":", " "), // the colon lost
  (entry) => entry.replace(/^\d+:/, ""), // the id lost
  (entry) => entry.replace(/^\d+/, "x"), // a word for an id
  (entry) => entry.replace(/:.*/, ":"), // the secret lost
  (entry) => `${entry.slice(0, 20)} ${entry.slice(20)}`, // a space inside the secret
  () => "", // an empty entry (two commas, a trailing comma)
];
const near = [
  ...breakings
    .flatMap((breakIt) =>
      entries.map((_, i) =>
        entries.map((entry, j) => (i === j ? breakIt(entry) : entry)).join(","),
      ),
    )
    .filter((text) => isKeyring(text)),
  entries.join(" "), // spaces for commas
  entries.join(";"), // semicolons for commas
  `${entries.join(",")},3:${A}`, // a repeated id
];

const setUps = (password: string) =>
  [
    ["core", () => resolveSessionConfig({ password } as SessionConfig)],
    ["hono", () => honoSession({ password })],
    ["express", () => expressSession({ password })],
  ] as const;

describe("keyrings as pasted", () => {
  it("with white space around the whole or its entries: the same three ids, id 3 seals, id 1's tokens open", async () => {
    const old = await seal({ v: 1 }, { id: 1, secret: C });
    let wrong = 0;
    for (const text of padded) {
      const map = parseKeyring(text);
      const sealsWith = parseToken(await seal({}, text)).passwordId;
      const opened = await unseal(old, text).catch(() => undefined);
      if (
        JSON.stringify(map) !== JSON.stringify({ 1: C, 2: B, 3: A }) ||
        sealsWith !== "3" ||
        (opened as { v?: number })?.v !== 1
      )
        wrong++;
      for (const [, setUp] of setUps(text)) if (codeOf(setUp) !== "accepted") wrong++;
    }
    count("keyrings with stray white space (trimmed)", {
      cases: padded.length,
      requests: padded.length * 6,
      wrong,
    });
    expect(wrong).toBe(0);
  });

  it("broken near-keyrings: refused at set-up by the core, Hono and Express, never taken as one bare password", () => {
    const problems: string[] = [];
    for (const text of near) {
      for (const [where, setUp] of setUps(text)) {
        const got = codeOf(setUp);
        if (got !== "ERR_PASSWORD_INVALID")
          problems.push(`${where}: ${JSON.stringify(text.slice(0, 30))}…: ${got}`);
      }
    }
    count("near-keyrings (refused at set-up)", {
      cases: near.length,
      requests: near.length * 3,
      accepted: problems.length,
    });
    expect(problems).toEqual([]);
    expect(near.length).toBeGreaterThan(15);
  });

  it("sealed-session rotate: 50 runs, each printing a keyring that reads back as what it meant", () => {
    const cli = createRequire(import.meta.url)
      .resolve("@sealed-session/core/package.json")
      .replace(/package\.json$/, "dist/cli.js");
    let wrong = 0;
    let current = `${entries.join(",")}\n`;
    for (let i = 0; i < 50; i++) {
      const out = execFileSync(process.execPath, [cli, "rotate", "--keep", "4"], {
        env: { ...process.env, SESSION_PASSWORD: current },
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      });
      const map = isKeyring(out) ? parseKeyring(out) : {};
      const ids = Object.keys(map).map(Number);
      if (ids.length !== 4 || Math.max(...ids) !== 4 + i) wrong++;
      current = out;
    }
    count("sealed-session rotate output read back", { cases: 50, requests: 50, wrong });
    expect(wrong).toBe(0);
  });
});
