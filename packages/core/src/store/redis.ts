/**
 * @module A session storage on Redis with the atomic write a fleet needs: the
 * version check and the write run as one Lua script in Redis, so two servers
 * writing one session at once cannot both win. It talks to the client the app
 * gives it (ioredis, or anything with the same five calls): no other library's
 * internals are looked into.
 */
import { OptionsInvalidError } from "../errors";
import type { AtomicSessionStorage, StoredItem } from "./storage";

/** The Redis calls `redisStorage` makes, as ioredis names them. */
export interface RedisClient {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<unknown>;
  set(key: string, value: string, ex: "EX", seconds: number): Promise<unknown>;
  del(key: string): Promise<unknown>;
  scan(
    cursor: string,
    match: "MATCH",
    pattern: string,
    count: "COUNT",
    n: number,
  ): Promise<[string, string[]]>;
  eval(script: string, keys: number, ...args: Array<string | number>): Promise<unknown>;
}

/** Options of `redisStorage`. */
export interface RedisStorageOptions {
  /**
   * Put before every key, with `:` (`"myapp"` → `myapp:sealed-session:store:…`):
   * several apps share one Redis. Keys are laid out as unstorage's redis
   * driver lays them out with the same `base`, so both read the same keys.
   * @default none
   */
  base?: string;
}

// The stored item is JSON of { value: { …, version }, expiresAt }.
const COMPARE_AND_SET = `
local current = redis.call('GET', KEYS[1])
local version = 0
if current then
  local ok, item = pcall(cjson.decode, current)
  if ok and type(item) == 'table' and type(item.value) == 'table' and tonumber(item.expiresAt) and tonumber(item.expiresAt) > tonumber(ARGV[4]) then
    version = tonumber(item.value.version) or 0
  end
end
if version ~= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
return 1`;

/**
 * A session storage in Redis, for `createSessionStore({ storage })` and
 * `createRevocation({ storage })` on a fleet: its `compareAndSet` checks a
 * session's version and writes it in one Lua script, so writes from every
 * server are atomic. Values are JSON strings, kept with a TTL.
 *
 * @example
 * ```ts
 * import Redis from "ioredis";
 * const store = createSessionStore({ storage: redisStorage(new Redis(url), { base: "myapp" }) });
 * ```
 */
export function redisStorage(
  client: RedisClient,
  options: RedisStorageOptions = {},
): AtomicSessionStorage {
  checkClient(client);
  const base = (options.base ?? "").replace(/^:+|:+$/g, "");
  const raw = (key: string) => (base ? `${base}:${key}` : key);
  return {
    async getItem(key) {
      const text = await client.get(raw(key));
      return text === null ? null : JSON.parse(text);
    },
    async setItem(key, value, options) {
      const text = JSON.stringify(value);
      await (options?.ttl
        ? client.set(raw(key), text, "EX", options.ttl)
        : client.set(raw(key), text));
    },
    async removeItem(key) {
      await client.del(raw(key));
    },
    async getKeys(prefix = "") {
      const found = await scanAll(client, `${escapeGlob(raw(prefix))}*`);
      return base ? found.map((key) => key.slice(base.length + 1)) : found;
    },
    async compareAndSet(
      key: string,
      expected: number,
      item: StoredItem,
      ttlSeconds: number,
      now: number,
    ) {
      return (
        (await client.eval(
          COMPARE_AND_SET,
          1,
          raw(key),
          expected,
          JSON.stringify(item),
          ttlSeconds,
          now,
        )) === 1
      );
    },
  };
}

// A client without a call this storage makes is refused when it is made, not on a request.
function checkClient(client: RedisClient): void {
  for (const call of ["get", "set", "del", "scan", "eval"] as const) {
    if (typeof client?.[call] !== "function") {
      throw new OptionsInvalidError(
        `redisStorage(client): the client has no ${call}(); pass an ioredis client (new Redis(url)).`,
      );
    }
  }
}

// Every key matching `pattern`, through SCAN (never KEYS, which blocks Redis).
async function scanAll(client: RedisClient, pattern: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [next, found] = await client.scan(cursor, "MATCH", pattern, "COUNT", 500);
    keys.push(...found);
    cursor = next;
  } while (cursor !== "0");
  return keys;
}

// A Redis MATCH pattern that matches `text` literally.
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, "\\$&");
}
