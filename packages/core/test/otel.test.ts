import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from "@opentelemetry/sdk-metrics";
import { describe, expect, it } from "vitest";
import { seal, useWebSession } from "../src/index";
import { otelTelemetry } from "../src/otel";
import { PASSWORD, PASSWORD_2 } from "./_helpers";

describe("otelTelemetry()", () => {
  it("records reads by password id, reseals, errors by code, sizes against the budget and durations, through the real SDK", async () => {
    const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 });
    const provider = new MeterProvider({ readers: [reader] });
    const config = {
      password: `2:${PASSWORD_2},1:${PASSWORD}`,
      telemetry: otelTelemetry({ meter: provider.getMeter("test") }),
    };
    const old = await seal(
      { id: "a", createdAt: Date.now(), data: { n: 1 } },
      { id: 1, secret: PASSWORD },
    );
    for (const cookie of [`session=${old}`, `session=${old}`, "session=Fe26.2**forged"]) {
      await useWebSession(new Request("http://127.0.0.1/", { headers: { cookie } }), config);
    }
    await reader.forceFlush();
    const metrics = new Map(
      exporter
        .getMetrics()
        .flatMap((resource) => resource.scopeMetrics.flatMap((scope) => scope.metrics))
        .map((metric) => [metric.descriptor.name, metric]),
    );
    const points = (name: string) =>
      (metrics.get(name)?.dataPoints ?? []).map((point) => ({
        attributes: point.attributes,
        value: point.value as number | { count: number; sum?: number },
      }));
    expect(points("sealed_session.reads")).toEqual([
      {
        attributes: {
          "session.name": "session",
          "session.source": "cookie",
          "session.password_id": "1",
          "session.format": "Fe26.2",
        },
        value: 2,
      },
    ]);
    expect(points("sealed_session.reseals")).toEqual([
      {
        attributes: {
          "session.name": "session",
          "session.source": "cookie",
          "session.password_id": "1",
          "session.format": "Fe26.2",
          "session.reseal.reason": "password",
        },
        value: 2,
      },
    ]);
    expect(points("sealed_session.errors")).toEqual([
      {
        attributes: {
          "session.name": "session",
          "session.source": "cookie",
          "error.type": "ERR_SEAL_MALFORMED",
        },
        value: 1,
      },
    ]);
    // Two reseals of the old token and the fresh session after the forged one.
    const sizes = points("sealed_session.size");
    expect(
      sizes.map((p) => [
        p.attributes["session.write.reason"],
        (p.value as { count: number }).count,
      ]),
    ).toEqual([
      ["password", 2],
      ["new", 1],
    ]);
    const utilization = points("sealed_session.budget.utilization")[0]?.value as {
      sum: number;
      count: number;
    };
    expect(utilization.sum / utilization.count).toBeGreaterThan(0);
    expect(utilization.sum / utilization.count).toBeLessThan(0.1);
    expect(metrics.get("sealed_session.size")?.descriptor.unit).toBe("By");
    expect(metrics.get("sealed_session.unseal.duration")?.descriptor.unit).toBe("ms");
    expect(points("sealed_session.seal.duration").length).toBeGreaterThan(0);
    await provider.shutdown();
  });
});
