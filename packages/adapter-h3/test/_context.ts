import { type ConformanceContext, conformanceContext } from "@sealed-session/testing";
import * as h3 from "../src/index";

/** The suite's context for one h3 event: the adapter's functions bound to it. */
export function contextOf(
  event: h3.H3Event,
  method: string,
  url: URL,
  body: unknown,
): ConformanceContext {
  return conformanceContext({ method, url, body }, h3, event);
}
