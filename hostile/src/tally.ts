// Counts per family of hostile input, merged into counts.json (one test file
// runs at a time) and printed as a table: what the README's security notes quote.
import { existsSync, readFileSync, writeFileSync } from "node:fs";

/** What one family of hostile input did. Every count but `cases` and `requests` must be 0. */
export interface FamilyCount {
  /** Distinct hostile inputs. */
  cases: number;
  /** Requests (or calls) made with them, over every adapter. */
  requests: number;
  /** Inputs other than a genuine token that loaded a session's data. */
  accepted: number;
  /** Answers with a 5xx status. */
  serverErrors: number;
  /** Any other wrong outcome the family checks (a header changed, a key derived twice…). */
  wrong: number;
  /** What else was measured, in words (times, heap, derivations). */
  measured?: string;
}

const FILE = new URL("../counts.json", import.meta.url);

/** Adds to family `name`'s counts. */
export function count(name: string, add: Partial<FamilyCount>): FamilyCount {
  const counts = read();
  const family = counts[name] ?? { cases: 0, requests: 0, accepted: 0, serverErrors: 0, wrong: 0 };
  for (const key of ["cases", "requests", "accepted", "serverErrors", "wrong"] as const)
    family[key] += add[key] ?? 0;
  if (add.measured)
    family.measured = family.measured ? `${family.measured}; ${add.measured}` : add.measured;
  counts[name] = family;
  writeFileSync(FILE, `${JSON.stringify(counts, null, 2)}\n`);
  return family;
}

/** Clears the counts (the first file of a run calls it). */
export function resetCounts(): void {
  writeFileSync(FILE, "{}\n");
}

/** The counts as a Markdown table. */
export function table(counts: Record<string, FamilyCount> = read()): string {
  const rows = Object.entries(counts).map(
    ([name, c]) =>
      `| ${name} | ${c.cases.toLocaleString("en")} | ${c.requests.toLocaleString("en")} | ${c.accepted} | ${c.serverErrors} | ${c.wrong} | ${c.measured ?? ""} |`,
  );
  return [
    "| family | cases | requests | accepted | 5xx | other wrong | measured |",
    "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ...rows,
  ].join("\n");
}

function read(): Record<string, FamilyCount> {
  return existsSync(FILE)
    ? (JSON.parse(readFileSync(FILE, "utf8")) as Record<string, FamilyCount>)
    : {};
}
