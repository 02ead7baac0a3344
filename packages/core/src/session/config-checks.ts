/**
 * @module Resolving session options on their own: `bind` into the one
 * string tokens carry, `acceptLegacyUntil` into a moment, lifetimes into ms.
 */
import { MAX_COOKIE_AGE } from "../cookie/chunked";
import { OptionsInvalidError } from "../errors";
import type { SessionConfig } from "./config";

/** `bind` as the one string tokens carry (`name`, NUL, `audience`), or `undefined` when off. */
export function purposeOf(bind: SessionConfig["bind"], name: string): string | undefined {
  if (bind === undefined || bind === false) return undefined;
  if (typeof bind !== "object" || bind === null)
    throw new OptionsInvalidError("bind is { name?: boolean, audience?: string }, or false.");
  const { name: byName = true, audience } = bind;
  if (audience !== undefined && (typeof audience !== "string" || audience === ""))
    throw new OptionsInvalidError("bind.audience must be a non-empty string.");
  if (!byName && audience === undefined)
    throw new OptionsInvalidError(
      'bind with name: false needs an audience: { audience: "my-app" }, or no bind at all.',
    );
  return `${byName ? name : ""}\u0000${audience ?? ""}`;
}

/** `acceptLegacyUntil` as ms since the epoch: a moment, or never (`Infinity`). */
export function legacyUntil(value: SessionConfig["acceptLegacyUntil"]): number {
  if (value === undefined) return Number.POSITIVE_INFINITY;
  const ms =
    value instanceof Date ? value.getTime() : typeof value === "string" ? Date.parse(value) : value;
  if (typeof ms !== "number" || !Number.isFinite(ms))
    throw new OptionsInvalidError(
      `acceptLegacyUntil must be a Date, milliseconds since the epoch or an ISO date string, not ${JSON.stringify(value)}.`,
    );
  return ms;
}

// A lifetime option in seconds, as milliseconds (0: none). Refuses what a
// browser would not keep, and the telltale of milliseconds given as seconds.
export function lifetime(name: string, value: unknown, zeroIsNone: boolean): number {
  if (value === undefined || (zeroIsNone && value === 0)) return 0;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    const hint = zeroIsNone
      ? "0 or more"
      : "more than 0 (0 or less deletes the cookie as it is set; leave it out for a browser-session cookie)";
    throw new OptionsInvalidError(`${name} is a number of seconds, ${hint}; got ${String(value)}.`);
  }
  if (value > MAX_COOKIE_AGE) {
    const days = Math.round(value / 86_400);
    throw new OptionsInvalidError(
      `${name} is in seconds and at most ${MAX_COOKIE_AGE} (400 days, the longest a browser keeps a cookie); ${value} is ${days} days. Was it given in milliseconds? Then divide by 1000.`,
    );
  }
  return value * 1000;
}
