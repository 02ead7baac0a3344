// Part 4: heap after 100,000 requests with distinct sessions (Web binding,
// one process with --expose-gc). Run as a child process by run.mjs.
import { defaultKeyCache, useWebSession } from "@sealed-session/core";
import { PASSWORD, record } from "./lib/record.mjs";

const config = { password: PASSWORD, name: "session" };
const checkpoints = [0, 10_000, 50_000, 100_000];
const rows = [];
const heap = () => {
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
};

let done = 0;
for (const target of checkpoints) {
  // Each request: a new visitor (no cookie) whose session is written, then read back once.
  while (done < target) {
    const batch = Array.from({ length: 50 }, async (_, i) => {
      const session = await useWebSession(new Request("http://localhost/"), config);
      await session.update({ ...record.data, n: done + i });
      const cookie = session
        .applyTo(new Response())
        .headers.getSetCookie()
        .map((c) => c.slice(0, c.indexOf(";")))
        .join("; ");
      await useWebSession(new Request("http://localhost/", { headers: { cookie } }), config);
    });
    await Promise.all(batch);
    done += batch.length;
  }
  rows.push({ requests: done, heapMiB: heap() / 2 ** 20, cache: defaultKeyCache.size });
}
process.stdout.write(JSON.stringify(rows));
