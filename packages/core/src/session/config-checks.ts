/**
 * @module Resolving two session options on their own: `bind` into the one
 * string tokens carry, and `acceptLegacyUntil` into a moment.
 */
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

// The password and seal options, checked now rather than on the first request.
