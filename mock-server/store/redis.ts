// `--store redis://HOST:PORT/DB`: state in a Redis server that any number of mock processes share, so
// they act as one authorization server. Expiry is Redis's own (key TTLs); every verb that reads and
// then writes (consume a code, rotate a family, revoke one, a login voiding the one before) is one Lua
// script, so it is atomic across processes. Keys live under `oauth-conformance:<profile>:`.
import type { Redis } from 'ioredis';
import type { Client } from '../../generated/types/index.ts';
import { ConfigError } from '../../lib/config-error.ts';
import { pollTolerance, type CodeRecord, type DeviceDecision, type DeviceRecord, type FamilyRecord, type FamilyRevocation, type PendingAuthorization, type RotateResult, type Store, type StoredUser, type Until } from './store.ts';

// Seconds a key outlives the `until` it was given: the engine's clock may be moved by admin, Redis's not.
const marginSeconds = 300;

// Lua helpers shared by the scripts. extend: keeps the later of a key's expiry and ttl (-1: never).
// mark: revokes a family (all, or refresh only, never narrowed back) and drops its record.
const extendTtl = `
local function extend(key, ttl)
  if ttl < 0 then redis.call('PERSIST', key) return end
  local t = redis.call('TTL', key)
  if t >= 0 and t < ttl then redis.call('EXPIRE', key, ttl) end
end
local function mark(revKey, famKey, only, ttl)
  local had = redis.call('GET', revKey)
  local what = 'all'
  if only == 'refresh' and (not had or had == 'refresh') then what = 'refresh' end
  local t = redis.call('TTL', revKey)
  redis.call('SET', revKey, what)
  if ttl < 0 or t == -1 then redis.call('PERSIST', revKey)
  elseif t < ttl then redis.call('EXPIRE', revKey, ttl)
  else redis.call('EXPIRE', revKey, t) end
  redis.call('DEL', famKey)
end
`;

const scripts = {
  // KEYS: counter ; ARGV: window seconds, how many to add. The window opens with the first hit and is not moved by later ones.
  hit: `local n = redis.call('INCRBY', KEYS[1], tonumber(ARGV[2]))
if redis.call('TTL', KEYS[1]) < 0 then redis.call('EXPIRE', KEYS[1], tonumber(ARGV[1])) end
return n`,
  // KEYS: fam ; ARGV: json, ttl
  putFamily: `${extendTtl}
if redis.call('EXISTS', KEYS[1]) == 1 then extend(KEYS[1], tonumber(ARGV[2])) return 0 end
redis.call('HSET', KEYS[1], 'd', ARGV[1], 'g', cjson.decode(ARGV[1]).gen)
if tonumber(ARGV[2]) >= 0 then redis.call('EXPIRE', KEYS[1], tonumber(ARGV[2])) end
return 1`,
  // KEYS: fam ; ARGV: gen, ttl -> 'rotated' | 'stale' | 'unknown'
  rotate: `${extendTtl}
local g = redis.call('HGET', KEYS[1], 'g')
if not g then return 'unknown' end
if tonumber(g) ~= tonumber(ARGV[1]) then return 'stale' end
redis.call('HSET', KEYS[1], 'g', tonumber(ARGV[1]) + 1)
extend(KEYS[1], tonumber(ARGV[2]))
return 'rotated'`,
  // KEYS: famrev, fam ; ARGV: only ('refresh' | ''), ttl
  revokeFamily: `${extendTtl}
mark(KEYS[1], KEYS[2], ARGV[1], tonumber(ARGV[2]))
return 1`,
  // KEYS: login ; ARGV: own family, ttl, key prefix
  voidOtherLogins: `${extendTtl}
local earlier = redis.call('GET', KEYS[1])
redis.call('SET', KEYS[1], ARGV[1])
if tonumber(ARGV[2]) >= 0 then redis.call('EXPIRE', KEYS[1], tonumber(ARGV[2])) end
if earlier and earlier ~= ARGV[1] then mark(ARGV[3] .. 'famrev:' .. earlier, ARGV[3] .. 'fam:' .. earlier, 'refresh', tonumber(ARGV[2])) end
return 1`,
  // KEYS: rev ; ARGV: ttl
  revokeToken: `${extendTtl}
local t = redis.call('TTL', KEYS[1])
redis.call('SET', KEYS[1], '1')
local ttl = tonumber(ARGV[1])
if ttl < 0 or t == -1 then redis.call('PERSIST', KEYS[1]) elseif t > ttl then redis.call('EXPIRE', KEYS[1], t) else redis.call('EXPIRE', KEYS[1], ttl) end
return 1`,
  // KEYS: code, codeUsed ; ARGV: client id ('' for none) -> {json, first}
  consumeCode: `
local v = redis.call('GET', KEYS[1])
if not v then return nil end
local used = redis.call('EXISTS', KEYS[2]) == 1
if cjson.decode(v).clientId == ARGV[1] and not used then
  redis.call('SET', KEYS[2], '1')
  local t = redis.call('TTL', KEYS[1])
  if t > 0 then redis.call('EXPIRE', KEYS[2], t) end
end
if used then return {v, 0} end
return {v, 1}`,
  // KEYS: dev ; ARGV: decision json, now (ms) -> 1 when recorded (undecided and live)
  decideDevice: `
local d = redis.call('HGET', KEYS[1], 'd')
if not d or tonumber(ARGV[2]) >= cjson.decode(d).exp * 1000 then return 0 end
return redis.call('HSETNX', KEYS[1], 'decision', ARGV[1])`,
  // KEYS: dev ; ARGV: client id, now (ms), tolerance -> {state, ...}
  pollDevice: `
local d = redis.call('HGET', KEYS[1], 'd')
if not d then return {'unknown'} end
local rec = cjson.decode(d)
if rec.clientId ~= ARGV[1] then return {'unknown'} end
local now = tonumber(ARGV[2])
if now >= rec.exp * 1000 then return {'expired'} end
local interval = tonumber(redis.call('HGET', KEYS[1], 'interval'))
local last = redis.call('HGET', KEYS[1], 'last')
redis.call('HSET', KEYS[1], 'last', ARGV[2])
local decision = redis.call('HGET', KEYS[1], 'decision')
if not decision then
  if last and now - tonumber(last) < interval * 1000 * tonumber(ARGV[3]) then
    redis.call('HSET', KEYS[1], 'interval', interval + 5)
    return {'slow_down', tostring(interval + 5)}
  end
  return {'pending'}
end
if decision == 'denied' then return {'denied'} end
local used = redis.call('HINCRBY', KEYS[1], 'used', 1)
return {'approved', d, decision, tostring(interval), used == 1 and '1' or '0'}`,
} as const;

type Scripted = {
  [K in keyof typeof scripts]: (...args: (string | number)[]) => Promise<unknown>;
};

/** Parses `redis://[user:password@]host:port[/db]`; a clear error otherwise. */
export function parseRedisUrl(url: string): { host: string; port: number; db: number; username?: string; password?: string; tls: boolean } {
  const fail = (found: string): never => {
    throw new ConfigError([{ file: '--store', pointer: '/', expected: 'redis://HOST:PORT/DB (or rediss:// for TLS)', found }]);
  };
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return fail(`"${url.slice(0, 100)}" (not a URL)`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') fail(`scheme ${u.protocol}`);
  const db = u.pathname && u.pathname !== '/' ? Number(u.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0 || db > 15) fail(`database "${u.pathname.slice(1)}" (0-15)`);
  const port = u.port ? Number(u.port) : 6379;
  return { host: u.hostname || '127.0.0.1', port, db, ...(u.username ? { username: decodeURIComponent(u.username) } : {}), ...(u.password ? { password: decodeURIComponent(u.password) } : {}), tls: u.protocol === 'rediss:' };
}

/** ioredis is an optional peer: only a Redis store needs it, and an install that lacks it is told how to add it. */
async function redisClient(): Promise<typeof Redis> {
  try {
    return (await import('ioredis')).Redis;
  } catch {
    throw new ConfigError([{ file: '--store', pointer: '/', expected: 'the ioredis package, which a Redis store needs (npm install ioredis)', found: 'ioredis is not installed' }]);
  }
}

export async function openRedisStore(url: string, namespace: string): Promise<Store> {
  const target = parseRedisUrl(url);
  const where = `${target.host}:${target.port}/${target.db}`;
  const Client = await redisClient();
  const redis = new Client({
    host: target.host,
    port: target.port,
    db: target.db,
    ...(target.username ? { username: target.username } : {}),
    ...(target.password ? { password: target.password } : {}),
    ...(target.tls ? { tls: {} } : {}),
    lazyConnect: true,
    // Fail fast at start; once running, retry a dropped connection for a while.
    connectTimeout: 5000,
    maxRetriesPerRequest: 3,
    enableOfflineQueue: true,
  });
  // Errors surface per call and at connect; the connection's own error says more than "closed".
  let lastError: Error | undefined;
  redis.on('error', (e: Error) => {
    lastError = e;
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (e) {
    redis.disconnect();
    const cause = (lastError as NodeJS.ErrnoException | undefined)?.code ?? lastError?.message ?? (e as Error).message;
    throw new ConfigError([{ file: '--store', pointer: '/', expected: `a reachable Redis server at ${where}`, found: cause || 'no answer' }]);
  }
  for (const [name, lua] of Object.entries(scripts)) redis.defineCommand(name, { lua, numberOfKeys: name === 'revokeFamily' || name === 'consumeCode' ? 2 : 1 });
  const r = redis as unknown as Redis & Scripted;
  const prefix = `oauth-conformance:${namespace}:`;
  const k = (kind: string, id: string) => `${prefix}${kind}:${id}`;
  const ttl = (until: Until) => (until === null ? -1 : Math.max(until - Math.floor(Date.now() / 1000), 60) + marginSeconds);

  return {
    description: `redis ${where}`,
    shared: true,
    async putFamily(f) {
      await r.putFamily(k('fam', f.id), JSON.stringify(f), ttl(f.until));
    },
    async family(id) {
      const [d, g] = await redis.hmget(k('fam', id), 'd', 'g');
      if (!d || g === null) return undefined;
      return { ...(JSON.parse(d) as FamilyRecord), gen: Number(g) };
    },
    async rotate(id, gen, until) {
      return (await r.rotate(k('fam', id), gen, ttl(until))) as RotateResult;
    },
    async revokeFamily(id, only, until) {
      await r.revokeFamily(k('famrev', id), k('fam', id), only ?? '', ttl(until));
    },
    async voidOtherLogins(key, ownFamily, until) {
      await r.voidOtherLogins(k('login', key), ownFamily, ttl(until), prefix);
    },
    async useOnce(key, until, now) {
      // SET NX is atomic: of concurrent callers on any instance, one sets it. Lives by the engine clock's distance.
      return (await redis.set(k('once', key), '1', 'EX', Math.max(until - now, 1) + marginSeconds, 'NX')) === 'OK';
    },
    async hit(key, window, _now, add = 1) {
      // Redis's own clock runs the window: a counter only limits attempts, it decides no token's life.
      return Number(await r.hit(k('hits', key), Math.max(Math.ceil(window), 1), add));
    },
    async revokeToken(hash, until) {
      await r.revokeToken(k('rev', hash), ttl(until));
    },
    async revocation(hash, familyId) {
      if (familyId === undefined) return { token: (await redis.exists(k('rev', hash))) === 1, family: undefined };
      const [t, f] = await redis.mget(k('rev', hash), k('famrev', familyId));
      return { token: t !== null, family: (f ?? undefined) as FamilyRevocation | undefined };
    },
    async putCode(code) {
      await redis.set(k('code', code.code), JSON.stringify(code), 'EX', ttl(code.exp));
    },
    async consumeCode(code, clientId) {
      const out = (await r.consumeCode(k('code', code), k('codeused', code), clientId ?? '')) as [string, number] | null;
      if (!out) return undefined;
      return { record: JSON.parse(out[0]) as CodeRecord, first: Number(out[1]) === 1 };
    },
    async putDevice(d) {
      const life = ttl(d.exp);
      // The user code is claimed first: two live authorizations never share one.
      if ((await redis.set(k('devuser', d.userCode), d.deviceCode, 'EX', life, 'NX')) !== 'OK') return false;
      await redis.multi().hset(k('dev', d.deviceCode), 'd', JSON.stringify(d), 'interval', d.interval).expire(k('dev', d.deviceCode), life).exec();
      return true;
    },
    async deviceByUserCode(userCode, now) {
      const code = await redis.get(k('devuser', userCode));
      if (!code) return undefined;
      const [d, interval, decision] = await redis.hmget(k('dev', code), 'd', 'interval', 'decision');
      if (!d) return undefined;
      const record = JSON.parse(d) as DeviceRecord;
      if (record.exp * 1000 <= now) return undefined;
      return { ...record, interval: Number(interval), decided: decision !== null };
    },
    async decideDevice(deviceCode, decision, now) {
      return Number(await r.decideDevice(k('dev', deviceCode), decision === 'denied' ? 'denied' : JSON.stringify(decision), now)) === 1;
    },
    async pollDevice(deviceCode, clientId, now) {
      const out = (await r.pollDevice(k('dev', deviceCode), clientId, now, pollTolerance)) as string[];
      const state = out[0];
      if (state === 'slow_down') return { state, interval: Number(out[1]) };
      if (state === 'approved') return { state, record: { ...(JSON.parse(out[1]!) as DeviceRecord), interval: Number(out[3]) }, decision: JSON.parse(out[2]!) as Exclude<DeviceDecision, 'denied'>, first: out[4] === '1' };
      return { state: state as 'unknown' | 'expired' | 'pending' | 'denied' };
    },
    async putPending(p) {
      await redis.set(k('pending', p.id), JSON.stringify(p), 'EX', ttl(p.exp));
    },
    async pending(id) {
      const v = await redis.get(k('pending', id));
      return v ? (JSON.parse(v) as PendingAuthorization) : undefined;
    },
    async deletePending(id) {
      await redis.del(k('pending', id));
    },
    async addUser(u) {
      return (await redis.hsetnx(`${prefix}users`, u.username, JSON.stringify(u))) === 1;
    },
    async user(name) {
      const v = await redis.hget(`${prefix}users`, name);
      return v ? (JSON.parse(v) as StoredUser) : undefined;
    },
    async users() {
      return Object.values(await redis.hgetall(`${prefix}users`)).map((v) => JSON.parse(v) as StoredUser);
    },
    async addClient(c) {
      return (await redis.hsetnx(`${prefix}clients`, c.clientId, JSON.stringify(c))) === 1;
    },
    async clients() {
      return Object.values(await redis.hgetall(`${prefix}clients`)).map((v) => JSON.parse(v) as Client);
    },
    async putClient(c) {
      await redis.hset(`${prefix}clients`, c.clientId, JSON.stringify(c));
    },
    async client(id) {
      const v = await redis.hget(`${prefix}clients`, id);
      return v ? (JSON.parse(v) as Client) : undefined;
    },
    async sweep() {
      // Redis expires keys itself.
    },
    async reset() {
      const keep = new Set([`${prefix}users`, `${prefix}clients`]);
      for await (const keys of redis.scanStream({ match: `${prefix}*`, count: 1000 }) as AsyncIterable<string[]>) {
        const drop = keys.filter((key) => !keep.has(key));
        if (drop.length) await redis.unlink(...drop);
      }
    },
    async stats() {
      const counts: Record<string, number> = {};
      for await (const keys of redis.scanStream({ match: `${prefix}*`, count: 1000 }) as AsyncIterable<string[]>) {
        for (const key of keys) {
          const kind = key.slice(prefix.length).split(':')[0]!;
          counts[kind] = (counts[kind] ?? 0) + 1;
        }
      }
      return {
        families: counts.fam ?? 0,
        revokedTokens: counts.rev ?? 0,
        revokedFamilies: counts.famrev ?? 0,
        codes: counts.code ?? 0,
        pending: counts.pending ?? 0,
        users: await redis.hlen(`${prefix}users`),
        clients: await redis.hlen(`${prefix}clients`),
      };
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
