/**
 * @module Telemetry of a session's reads and writes, and the warning when a
 * session nears its size budget.
 */
import { warnOnce } from "../warn";
import type { ResolvedSessionConfig } from "./config";
import type { SessionEvent, SessionWriteEvent } from "./events";
import { callHook } from "./hook";

/** Share of `maxSize` past which a write draws a one-time warning. */
export const NEAR_BUDGET = 0.8;

/** Hands `event` to the config's telemetry hook; a failing hook (thrown or rejected) is logged, never the request's failure. */
export function emit(c: ResolvedSessionConfig, event: SessionEvent): void {
  const telemetry = c.source.telemetry;
  if (telemetry) callHook(`telemetry (${event.type})`, () => telemetry(event));
}

/** Emits the `write` event of a seal that started at `started` (`performance.now()`). */
export function emitWrite(
  c: ResolvedSessionConfig,
  reason: SessionWriteEvent["reason"],
  target: SessionWriteEvent["target"],
  bytes: number,
  cookies: number,
  started: number,
): void {
  emit(c, {
    type: "write",
    name: c.name,
    reason,
    target,
    bytes,
    budget: c.maxSize,
    cookies,
    durationMs: performance.now() - started,
  });
}

/** Warns once per session name when a write comes near its budget: the next write may be refused. */
export function checkBudget(c: ResolvedSessionConfig, bytes: number): void {
  if (bytes <= NEAR_BUDGET * c.maxSize) return;
  warnOnce(
    "SEALED_SESSION_NEAR_BUDGET",
    `session "${c.name}" wrote ${bytes} bytes, ${Math.round((100 * bytes) / c.maxSize)}% of maxSize (${c.maxSize}): a larger session will be refused (SessionTooLargeError). Behind a proxy with 8 KB header buffers (nginx's default), keep maxSize at 7168 or less; keep data small or use store mode.`,
    c.name,
  );
}
