// Every way this adapter differs from h3's built-in sessions on purpose. The
// README lists each title with its reason (a test checks it), and the
// differential suite asserts each one exactly where it shows.
import type { SessionConfig } from "@sealed-session/core";
import type { CookieSeen, Observation, TokenSeen } from "./observe";
import type { Major } from "./run";

export const DIFFERENCES = {
  "token-expiry": "A token expires when its session does",
  "header-renewal": "Header sessions get their token back",
  "size-budget": "Sessions too large for the browser are refused",
  "lifetime-checks": "Lifetime mistakes are refused at start-up",
  "chunk-deletions": "Only the chunks a request carried are expired",
  "clear-new-session": "After clear(), the manager holds a new session",
  "v1-defaults": "h3 v2's defaults on h3 v1",
  "v1-clear": "clear() expires the cookie on h3 v1",
  "v1-get-session": "getSession() writes no cookie on h3 v1",
  "v1-chunks": "Chunked cookies on h3 v1",
} as const;

export type DifferenceId = keyof typeof DIFFERENCES;

/** One declared difference at one step: h3's value at `path`, and what ours is instead. */
export interface Patch {
  readonly id: DifferenceId;
  readonly major?: Major;
  readonly step: number;
  readonly path: readonly (string | number)[];
  /** h3's value there (checked, so a patch cannot hide a change in h3). */
  readonly h3: unknown;
  /** Ours, or a function of h3's value. */
  readonly ours: unknown;
}

/** What ours must show, given what h3 showed: h3's observations with the declared differences applied. */
export function expectedOurs(
  h3: readonly Observation[],
  major: Major,
  config: SessionConfig,
  patches: readonly Patch[],
  check: (actual: unknown, expected: unknown) => void,
): Observation[] {
  let expected = structuredClone(h3) as Observation[];
  if (major === "v1") expected = expected.map((observation) => v1Defaults(observation, config));
  for (const patch of patches) {
    if (patch.major && patch.major !== major) continue;
    const parent = patch.path
      .slice(0, -1)
      .reduce<Record<string | number, unknown>>(
        (at, key) => at[key] as never,
        expected[patch.step] as never,
      );
    const key = patch.path[patch.path.length - 1] as string | number;
    check(parent[key], patch.h3);
    parent[key] = typeof patch.ours === "function" ? patch.ours(parent[key]) : patch.ours;
  }
  return expected;
}

// "v1-defaults" and "v1-clear", wherever they show: h3 1.15 writes no
// SameSite, seals at iron's 1 iteration, and clears with an empty cookie that
// has no Max-Age; ours uses h3 v2's defaults and expires the cookie.
function v1Defaults(observation: Observation, config: SessionConfig): Observation {
  const cookieConfig = config.cookie === false ? {} : (config.cookie ?? {});
  const cookies = observation.cookies.map((cookie): CookieSeen => {
    const attributes = { ...cookie.attributes };
    if (cookieConfig.sameSite === undefined && attributes.samesite === undefined)
      attributes.samesite = "Lax";
    if (cookie.value === "" && attributes["max-age"] === undefined) attributes["max-age"] = "0";
    return { ...cookie, attributes };
  });
  const iterations = (token: TokenSeen | "" | "unreadable") =>
    typeof token === "object" &&
    token.iterations === 1 &&
    config.seal?.integrity?.iterations === undefined
      ? { ...token, iterations: 8192 }
      : token;
  return {
    ...observation,
    cookies,
    cookieTokens: Object.fromEntries(
      Object.entries(observation.cookieTokens).map(([name, token]) => [name, iterations(token)]),
    ),
    sessionHeaders: Object.fromEntries(
      Object.entries(observation.sessionHeaders).map(([name, token]) => [name, iterations(token)]),
    ),
  } as Observation;
}
