// Compare-and-set of a stored session's version. unstorage has no atomic
// write, so on a Redis-backed storage (unstorage's redis driver, mounted at
// the root or anywhere) the check and the write run as one Lua script in
// Redis; on any other driver, `TimedStore` checks then writes, and writes of
// one key in this process are serialized so they cannot interleave there.

/** Writes `text` at the key if the stored version is still `expected`; `false` when it is not. */
export type CompareAndSet = (expected: number, text: string, ttlSeconds: number, now: number) => Promise<boolean>;

interface RedisClient {
  eval(script: string, keys: number, ...args: Array<string | number>): Promise<unknown>;
}

interface MountedDriver {
  readonly name?: string;
  readonly options?: { readonly base?: string };
  getInstance?(): unknown;
}

interface Mountable {
  getMount?(key: string): { base: string; driver: MountedDriver };
}

// The stored value is unstorage's JSON of { value: { …, version }, expiresAt }.
const SCRIPT = `
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

/** The atomic compare-and-set for `key` when `storage` keeps it in Redis; `undefined` otherwise. */
export function compareAndSetOf(storage: object, key: string): CompareAndSet | undefined {
  const mount = (storage as Mountable).getMount?.(key);
  const driver = mount?.driver;
  if (!mount || driver?.name !== "redis" || typeof driver.getInstance !== "function") return undefined;
  const client = driver.getInstance() as Partial<RedisClient>;
  if (typeof client?.eval !== "function") return undefined;
  const redisKey = [driver.options?.base ?? "", key.slice(mount.base.length)]
    .map((part) => part.replace(/^:+|:+$/g, ""))
    .filter(Boolean)
    .join(":");
  return async (expected, text, ttlSeconds, now) =>
    (await (client as RedisClient).eval(SCRIPT, 1, redisKey, expected, text, ttlSeconds, now)) === 1;
}
