import { OptionsInvalidError } from "../errors";
import { crypto } from "../seal/provider";

// Compare-and-set of a stored session's version. unstorage has no atomic
// write, so on a Redis-backed storage (unstorage's redis driver, mounted at
// the root or anywhere) the check and the write run as one Lua script in
// Redis; on any other driver, `TimedStore` checks then writes, and writes of
// one key in this process are serialized so they cannot interleave there.

/** Writes `text` at the key if the stored version is still `expected`; `false` when it is not. */
export type CompareAndSet = (expected: number, text: string, ttlSeconds: number, now: number) => Promise<boolean>;

interface RedisClient {
  eval(script: string, keys: number, ...args: Array<string | number>): Promise<unknown>;
  get?(key: string): Promise<unknown>;
}

interface MountedDriver {
  readonly name?: string;
  readonly options?: { readonly base?: string };
  getInstance?(): unknown;
  getItem?(key: string): unknown;
}

// What the routing check writes and removes through (`SessionStorage` fits).
interface ProbedStorage {
  setItem(key: string, value: never, options?: { ttl?: number }): Promise<void>;
  removeItem(key: string): Promise<void>;
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
  const target = redisTarget(storage, key);
  if (!target) return undefined;
  const { client, redisKey } = target;
  return async (expected, text, ttlSeconds, now) => (await client.eval(SCRIPT, 1, redisKey, expected, text, ttlSeconds, now)) === 1;
}

// The Redis client and raw key behind `key`, when the storage's mount for it is unstorage's redis driver.
function redisTarget(storage: object, key: string): { client: RedisClient; redisKey: string } | undefined {
  const mount = (storage as Mountable).getMount?.(key);
  const driver = mount?.driver;
  if (!mount || driver?.name !== "redis" || typeof driver.getInstance !== "function") return undefined;
  const client = driver.getInstance() as Partial<RedisClient>;
  if (typeof client?.eval !== "function") return undefined;
  const redisKey = [driver.options?.base ?? "", key.slice(mount.base.length)]
    .map((part) => part.replace(/^:+|:+$/g, ""))
    .filter(Boolean)
    .join(":");
  return { client: client as RedisClient, redisKey };
}

/**
 * Checks, once per store, that `storage` puts a key where its `getMount`
 * says: a probe written through the storage must be found through the
 * mount's driver (and, on Redis, at the raw key the compare-and-set script
 * writes). A wrapper that renames keys but not `getMount` — unstorage's
 * `prefixStorage`, and so Nitro's `useStorage("name")` — would make the
 * script write where no read looks (every session lost), or hide a Redis
 * mount behind another (writes no longer atomic across servers). Such a
 * storage is refused with `OptionsInvalidError`. A storage without
 * `getMount` (a plain object, `memoryStorage()`) is taken as it is.
 */
export async function checkRouting(storage: ProbedStorage): Promise<void> {
  const mountable = storage as ProbedStorage & Mountable;
  if (typeof mountable.getMount !== "function") return;
  const token = crypto.randomUUID();
  const probe = `sealed-session:probe:${token}`;
  await storage.setItem(probe, { probe: token } as never, { ttl: 60 });
  try {
    const mount = mountable.getMount(probe);
    if (typeof mount?.driver.getItem !== "function") return;
    const seen = await mount.driver.getItem(probe.slice(mount.base.length));
    const target = redisTarget(storage, probe);
    const raw = target?.client.get ? await target.client.get(target.redisKey) : seen;
    if (!String(JSON.stringify(seen)).includes(token) || !String(JSON.stringify(raw)).includes(token)) {
      throw new OptionsInvalidError(
        "The store's storage writes keys somewhere other than its getMount() says (unstorage's prefixStorage, or Nitro's useStorage(\"name\"), do this): atomic writes would go where no read looks. Pass the root storage (useStorage() in Nitro) and put the mount's base in the prefix option (prefix: \"name:sealed-session\"), or mount the redis driver with its own base.",
      );
    }
  } finally {
    await storage.removeItem(probe).catch(() => {});
  }
}
