/**
 * @module `@sealed-session/core/otel`: session telemetry as OpenTelemetry
 * metrics. `@opentelemetry/api` is an optional peer: only this entry imports
 * it.
 */
import { type Attributes, type Meter, metrics } from "@opentelemetry/api";
import type { SessionEvent, SessionReadEvent } from "./session/events";

/** Options of `otelTelemetry()`. */
export interface OtelTelemetryOptions {
  /** The meter to record with. @default `metrics.getMeter("@sealed-session/core")` (the global provider's) */
  readonly meter?: Meter;
}

/**
 * A `config.telemetry` hook that records every session event as OpenTelemetry
 * metrics, with the session's name (`session.name`) on each:
 *
 * - `sealed_session.reads` (counter): tokens accepted, by `session.source`,
 *   `session.password_id` — an old id at zero can be removed — and
 *   `session.format` (`Fe26.2`, `Fe26.2@1`, a `migrateFrom` source) — a
 *   legacy format at zero can be retired with `acceptLegacyUntil`;
 * - `sealed_session.reseals` (counter): by `session.reseal.reason`
 *   (`password`, `legacy`, `idle`) and `session.password_id`;
 * - `sealed_session.errors` (counter): refusals and failures, by `error.type`
 *   (`ERR_SEAL_MAC`, `ERR_SESSION_EXPIRED`…);
 * - `sealed_session.size` (histogram, By): what the client sends back per
 *   write, and `sealed_session.budget.utilization` (histogram, 1): that size
 *   over `maxSize` — alert well before 1;
 * - `sealed_session.unseal.duration` and `sealed_session.seal.duration`
 *   (histograms, ms).
 *
 * @example
 * ```ts
 * import { otelTelemetry } from "@sealed-session/core/otel";
 * const config = { password, telemetry: otelTelemetry() };
 * ```
 */
export function otelTelemetry(options: OtelTelemetryOptions = {}): (event: SessionEvent) => void {
  const meter = options.meter ?? metrics.getMeter("@sealed-session/core");
  const reads = meter.createCounter("sealed_session.reads", {
    description: "Session tokens read and accepted",
  });
  const reseals = meter.createCounter("sealed_session.reseals", {
    description: "Tokens resealed in the response that read them",
  });
  const errors = meter.createCounter("sealed_session.errors", {
    description: "Tokens refused, and failures reading or resealing them",
  });
  const size = meter.createHistogram("sealed_session.size", {
    unit: "By",
    description: "Bytes the client sends back for a session, per write",
  });
  const utilization = meter.createHistogram("sealed_session.budget.utilization", {
    unit: "1",
    description: "A write's size over maxSize: past 1 it is refused",
  });
  const unsealTime = meter.createHistogram("sealed_session.unseal.duration", {
    unit: "ms",
    description: "Time to unseal and check a token",
  });
  const sealTime = meter.createHistogram("sealed_session.seal.duration", {
    unit: "ms",
    description: "Time to seal a session",
  });
  return (event) => {
    switch (event.type) {
      case "read": {
        const attributes = readAttributes(event);
        reads.add(1, attributes);
        unsealTime.record(event.durationMs, attributes);
        if (event.reseal) reseals.add(1, { ...attributes, "session.reseal.reason": event.reseal });
        return;
      }
      case "write": {
        const attributes: Attributes = {
          "session.name": event.name,
          "session.write.reason": event.reason,
          "session.write.target": event.target,
        };
        size.record(event.bytes, attributes);
        utilization.record(event.bytes / event.budget, attributes);
        sealTime.record(event.durationMs, attributes);
        return;
      }
      case "error":
        errors.add(1, {
          "session.name": event.name,
          "session.source": event.source,
          "error.type": event.code,
        });
    }
  };
}

// A read's attributes: which session, from where, under which password id, in which format.
function readAttributes(event: SessionReadEvent): Attributes {
  return {
    "session.name": event.name,
    "session.source": event.source,
    "session.password_id": event.passwordId,
    "session.format": event.format,
  };
}
