// Runs once before the files: the counts start from zero each run.
import { resetCounts } from "../src/tally";

export default function setup(): void {
  resetCounts();
}
