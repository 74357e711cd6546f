// One contract, three stores: memory, a state file and a real Redis server behave the same to the
// engine, including under concurrency (the verbs the rules lean on are atomic).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { ConfigError } from '../../lib/config-error.ts';
import { createMemoryStore } from './memory.ts';
import type { CodeRecord, FamilyRecord, Store } from './store.ts';
import { openFileStore } from './file.ts';
import { openRedisStore } from './redis.ts';
import { tempFiles } from '../../test/helpers.ts';
import { redisMissing, startRedis, type RedisServer } from '../../test/redis-server.ts';

const now = () => Math.floor(Date.now() / 1000);
const family = (id: string, over: Partial<FamilyRecord> = {}): FamilyRecord => ({ id, clientId: 'c1', sub: 'alice', username: 'alice', scope: ['read'], origin: 'code', gen: 0, until: now() + 3600, ...over });
const code = (c: string, over: Partial<CodeRecord> = {}): CodeRecord => ({ code: c, clientId: 'c1', redirectUri: 'https://app.test/cb', scope: ['read'], sub: 'alice', username: 'alice', challenge: undefined, challengeMethod: undefined, exp: now() + 60, familyId: `fam-${c}`, ...over });

interface Kind {
  name: string;
  skip?: string;
  open(): Promise<Store>;
  /** A second handle on the same state (a restart, or another process). */
  reopen?(): Promise<Store>;
}

const missing = redisMissing();
let redis: RedisServer | undefined;
let db = 0;
const stateDir = tempFiles({});

const kinds: Kind[] = [
  { name: 'memory', open: async () => createMemoryStore() },
  {
    name: 'state file',
    open: async () => openFileStore(`${stateDir}/state-${++db}.json`),
    reopen: async () => openFileStore(`${stateDir}/state-${db}.json`),
  },
  {
    name: 'redis',
    ...(missing ? { skip: missing } : {}),
    // A namespace per test: one server, no test sees another's keys.
    open: async () => openRedisStore(redis!.url, `contract-${++db}`),
    reopen: async () => openRedisStore(redis!.url, `contract-${db}`),
  },
];

before(async () => {
  if (!missing) redis = await startRedis();
});
after(async () => {
  await redis?.stop();
});

for (const kind of kinds) {
  // Each test skips on its own, so the runner counts every one that could not run.
  const opt = kind.skip ? { skip: kind.skip } : {};
  describe(`store contract: ${kind.name}`, () => {
    it('families: put, read, extend without resetting the generation', opt, async () => {
      const s = await kind.open();
      try {
        assert.equal(await s.family('f1'), undefined);
        await s.putFamily(family('f1'));
        assert.deepEqual(await s.family('f1'), family('f1', { until: (await s.family('f1'))!.until }));
        assert.equal(await s.rotate('f1', 0, now() + 7200), 'rotated');
        await s.putFamily(family('f1'));
        assert.equal((await s.family('f1'))!.gen, 1, 'putting an existing family keeps its generation');
        assert.equal(await s.rotate('nope', 0, null), 'unknown');
      } finally {
        await s.close();
      }
    });

    it('rotation: of 50 concurrent rotations of one generation exactly one wins', opt, async () => {
      const s = await kind.open();
      try {
        await s.putFamily(family('race'));
        const results = await Promise.all(Array.from({ length: 50 }, () => s.rotate('race', 0, now() + 3600)));
        assert.equal(results.filter((r) => r === 'rotated').length, 1);
        assert.equal(results.filter((r) => r === 'stale').length, 49);
        assert.equal((await s.family('race'))!.gen, 1);
      } finally {
        await s.close();
      }
    });

    it('revocation: families (all or refresh only, never narrowed back), single tokens, logins', opt, async () => {
      const s = await kind.open();
      try {
        await s.putFamily(family('a'));
        assert.deepEqual(await s.revocation('h1', 'a'), { token: false, family: undefined });
        await s.revokeFamily('a', 'refresh', now() + 600);
        assert.deepEqual(await s.revocation('h1', 'a'), { token: false, family: 'refresh' });
        assert.equal(await s.family('a'), undefined, 'a revoked family needs no record');
        await s.revokeFamily('a', undefined, now() + 600);
        await s.revokeFamily('a', 'refresh', now() + 600);
        assert.equal((await s.revocation('h1', 'a')).family, 'all', 'all is never narrowed to refresh');
        // A family revoked before its record exists (a token minted concurrently) stays revoked.
        await s.revokeFamily('b', undefined, null);
        await s.putFamily(family('b'));
        assert.equal((await s.revocation('x', 'b')).family, 'all');
        await s.revokeToken('h2', now() + 600);
        assert.deepEqual(await s.revocation('h2', undefined), { token: true, family: undefined });
        await s.voidOtherLogins('password:alice', 'l1', now() + 600);
        await s.voidOtherLogins('password:alice', 'l2', now() + 600);
        assert.equal((await s.revocation('x', 'l1')).family, 'refresh', 'the earlier login loses its refresh tokens');
        assert.equal((await s.revocation('x', 'l2')).family, undefined);
      } finally {
        await s.close();
      }
    });

    it('codes: single use, another client does not burn one, 20 concurrent exchanges give one first', opt, async () => {
      const s = await kind.open();
      try {
        // One record, put and compared: building it twice reads the clock twice, and a second may pass between.
        const k1 = code('k1');
        await s.putCode(k1);
        const wrong = await s.consumeCode('k1', 'other');
        assert.equal(wrong?.first, true, 'reported unused to the wrong client');
        const all = await Promise.all(Array.from({ length: 20 }, () => s.consumeCode('k1', 'c1')));
        assert.equal(all.filter((r) => r?.first).length, 1);
        // Fields without a value may come back absent rather than undefined (JSON): the same to the engine.
        assert.deepEqual(JSON.parse(JSON.stringify(all[0]!.record)), JSON.parse(JSON.stringify(k1)));
        assert.equal(await s.consumeCode('unknown', 'c1'), undefined);
      } finally {
        await s.close();
      }
    });

    it('device authorizations: a user code names one live authorization; decided once; too-fast polls slow down; an approval is redeemed once of 20 concurrent polls', opt, async () => {
      const s = await kind.open();
      try {
        const t = Date.now();
        const dev = (code: string, user: string, exp = now() + 600) => ({ deviceCode: code, userCode: user, clientId: 'c1', scope: ['read'], exp, interval: 5 });
        assert.equal(await s.putDevice(dev('d1', 'BCDFGHJK')), true);
        assert.equal(await s.putDevice(dev('d2', 'BCDFGHJK')), false, 'a live user code is not given twice');
        assert.equal((await s.deviceByUserCode('BCDFGHJK', t))?.deviceCode, 'd1');
        assert.equal((await s.deviceByUserCode('BCDFGHJK', t))?.decided, false);
        assert.deepEqual(await s.pollDevice('d1', 'other-client', t), { state: 'unknown' }, 'another client learns nothing');
        assert.deepEqual(await s.pollDevice('d1', 'c1', t), { state: 'pending' });
        assert.deepEqual(await s.pollDevice('d1', 'c1', t + 1000), { state: 'slow_down', interval: 10 }, 'RFC 8628 §3.5: +5 s');
        assert.deepEqual(await s.pollDevice('d1', 'c1', t + 1000 + 10_000), { state: 'pending' }, 'the raised interval kept');
        assert.deepEqual(await s.pollDevice('d1', 'c1', t + 1000 + 12_000), { state: 'slow_down', interval: 15 });
        const approval = { user: 'alice', scope: ['read'], authTime: now() };
        assert.equal(await s.decideDevice('d1', approval, t), true);
        assert.equal(await s.decideDevice('d1', 'denied', t), false, 'decided once');
        assert.equal((await s.deviceByUserCode('BCDFGHJK', t))?.decided, true);
        const polls = await Promise.all(Array.from({ length: 20 }, () => s.pollDevice('d1', 'c1', t + 60_000)));
        const firsts = polls.filter((p) => p.state === 'approved' && p.first);
        assert.equal(firsts.length, 1, 'one poll redeems the approval');
        assert.ok(polls.every((p) => p.state === 'approved' && p.decision.user === 'alice' && p.record.scope[0] === 'read'));
        await s.putDevice(dev('d3', 'CCCCCCCC'));
        assert.equal(await s.decideDevice('d3', 'denied', t), true);
        assert.deepEqual(await s.pollDevice('d3', 'c1', t), { state: 'denied' });
        await s.putDevice(dev('d4', 'DDDDDDDD', now() + 30));
        assert.deepEqual(await s.pollDevice('d4', 'c1', t + 31_000), { state: 'expired' });
        assert.equal(await s.deviceByUserCode('DDDDDDDD', t + 31_000), undefined);
        assert.equal(await s.decideDevice('d4', approval, t + 31_000), false, 'an expired code is not approved');
        await s.reset();
        assert.deepEqual(await s.pollDevice('d3', 'c1', t), { state: 'unknown' }, 'reset forgets device codes');
      } finally {
        await s.close();
      }
    });

    it('single-use identifiers and attempt counters: one of 20 concurrent uses wins; hits are counted one by one; reset forgets both', opt, async () => {
      const s = await kind.open();
      try {
        const t = now();
        const uses = await Promise.all(Array.from({ length: 20 }, () => s.useOnce('iss|jti-1', t + 300, t)));
        assert.equal(uses.filter(Boolean).length, 1, 'exactly one use of a fresh key');
        assert.equal(await s.useOnce('iss|jti-1', t + 300, t + 299), false, 'still used within its lifetime');
        assert.equal(await s.useOnce('iss|jti-2', t + 300, t), true, 'another key is its own');
        const counts = await Promise.all(Array.from({ length: 12 }, () => s.hit('peer-a', 600, t)));
        assert.deepEqual(counts.sort((a, b) => a - b), Array.from({ length: 12 }, (_, i) => i + 1), 'concurrent hits are counted one by one');
        assert.equal(await s.hit('peer-b', 600, t), 1, 'another key counts apart');
        assert.equal(await s.hit('peer-a', 600, t, 0), 12, 'adding 0 reads the count');
        assert.equal(await s.hit('peer-c', 600, t, 0), 0, 'an unknown key counts 0');
        await s.reset();
        assert.equal(await s.useOnce('iss|jti-1', t + 300, t), true, 'reset forgets the marks');
        assert.equal(await s.hit('peer-a', 600, t), 1, 'reset forgets the counts');
      } finally {
        await s.close();
      }
    });

    it('sign-ins, users and clients; reset keeps users and clients only', opt, async () => {
      const s = await kind.open();
      try {
        const p = { id: 'p1', clientId: 'c1', redirectUri: 'https://app.test/cb', redirectUriSent: true, state: 's', scope: ['read'], challenge: undefined, challengeMethod: undefined, exp: now() + 600 };
        await s.putPending(p);
        assert.equal((await s.pending('p1'))?.state, 's');
        await s.putPending({ ...p, user: 'alice' });
        assert.equal((await s.pending('p1'))?.user, 'alice');
        assert.equal(await s.addUser({ username: 'bob', password: 'pw', claims: { role: 'x' } }), true);
        assert.equal(await s.addUser({ username: 'bob', password: 'other', claims: {} }), false, 'a taken name is refused');
        assert.deepEqual(await s.user('bob'), { username: 'bob', password: 'pw', claims: { role: 'x' } });
        await s.putClient({ clientId: 'dyn', clientSecret: 'sec', redirectUris: ['https://dyn.test/cb'] });
        assert.equal((await s.client('dyn'))?.clientSecret, 'sec');
        assert.equal(await s.addClient({ clientId: 'dyn', clientSecret: 'other' }), false, 'addClient never replaces');
        assert.equal((await s.client('dyn'))?.clientSecret, 'sec');
        assert.equal(await s.addClient({ clientId: 'added' }), true);
        assert.deepEqual((await s.clients()).map((c) => c.clientId).sort(), ['added', 'dyn']);
        assert.deepEqual((await s.users()).map((u) => u.username), ['bob']);
        await s.putFamily(family('r1'));
        await s.revokeToken('h', null);
        await s.putCode(code('k2'));
        await s.reset();
        assert.equal(await s.family('r1'), undefined);
        assert.equal((await s.revocation('h', undefined)).token, false);
        assert.equal(await s.consumeCode('k2', 'c1'), undefined);
        assert.equal(await s.pending('p1'), undefined);
        assert.equal((await s.user('bob'))?.password, 'pw');
        assert.equal((await s.client('dyn'))?.clientId, 'dyn');
        const st = await s.stats();
        assert.deepEqual({ users: st.users, clients: st.clients, families: st.families }, { users: 1, clients: 2, families: 0 });
      } finally {
        await s.close();
      }
    });

    if (kind.reopen) {
      it('state outlives the handle: users, clients, families and revocations come back', opt, async () => {
        const s = await kind.open();
        await s.addUser({ username: 'carol', password: 'pw', claims: {} });
        await s.putClient({ clientId: 'dyn2' });
        await s.putFamily(family('kept'));
        await s.rotate('kept', 0, now() + 3600);
        await s.revokeToken('gone', null);
        await s.revokeFamily('dead', undefined, now() + 600);
        await s.voidOtherLogins('password:carol', 'kept', now() + 600);
        await s.close();
        const t = await kind.reopen!();
        try {
          assert.equal((await t.user('carol'))?.password, 'pw');
          assert.equal((await t.client('dyn2'))?.clientId, 'dyn2');
          assert.equal((await t.family('kept'))?.gen, 1);
          assert.equal((await t.revocation('gone', 'dead')).token, true);
          assert.equal((await t.revocation('gone', 'dead')).family, 'all');
          await t.voidOtherLogins('password:carol', 'next', now() + 600);
          assert.equal((await t.revocation('x', 'kept')).family, 'refresh', 'the login record came back too');
        } finally {
          await t.close();
        }
      });
    }
  });
}

describe('state file: a restart keeps registered users and live refresh tokens', () => {
  it('without --keys the key is kept with the state, so earlier tokens still verify', async () => {
    const { startMockServer } = await import('../index.ts');
    const state = `${tempFiles({})}/state.json`;
    const client = { authorization: `Basic ${Buffer.from('shield-demo-client:shield-demo-secret').toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' };
    const first = await startMockServer({ profile: 'shield', port: 0, state });
    assert.equal((await fetch(`${first.url}/users`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'eve@example.com', password: 'eve-pass' }) })).status, 201);
    const login = (await (await fetch(`${first.url}/oauth/token`, { method: 'POST', headers: client, body: 'grant_type=password&username=eve%40example.com&password=eve-pass' })).json()) as { access_token: string; refresh_token: string };
    await first.close();
    const doc = JSON.parse(readFileSync(state, 'utf8')) as { signingKey?: { d?: string } };
    assert.ok(doc.signingKey?.d, 'the key is in the state file');
    const second = await startMockServer({ profile: 'shield', port: 0, state });
    try {
      assert.equal((await fetch(`${second.url}/v1/me`, { headers: { authorization: `Bearer ${login.access_token}` } })).status, 200, 'an access token from before the restart');
      const refreshed = await fetch(`${second.url}/oauth/token`, { method: 'POST', headers: client, body: `grant_type=refresh_token&refresh_token=${encodeURIComponent(login.refresh_token)}` });
      assert.equal(refreshed.status, 200, await refreshed.clone().text());
      assert.equal((await fetch(`${second.url}/oauth/token`, { method: 'POST', headers: client, body: 'grant_type=password&username=eve%40example.com&password=eve-pass' })).status, 200, 'the registered user');
    } finally {
      await second.close();
    }
  });
});

describe('state file: never loses or overwrites what it did not write', () => {
  it('refuses a corrupt file, a foreign JSON file and an invalid state, leaving each as it was', async () => {
    const dir = tempFiles({ 'corrupt.json': '{"format": "oauth-conformance-state", "vers', 'foreign.json': { name: 'my app settings' }, 'bad.json': { format: 'oauth-conformance-state', version: 1, families: [{ id: 1 }], revokedTokens: [], revokedFamilies: [], logins: [], users: [], clients: [] } });
    for (const [file, reason] of [
      ['corrupt.json', /invalid JSON/],
      ['foreign.json', /written by oauth-conformance/],
      ['bad.json', /\/families\/0/],
    ] as const) {
      const before = readFileSync(`${dir}/${file}`, 'utf8');
      await assert.rejects(openFileStore(`${dir}/${file}`), (e: unknown) => e instanceof ConfigError && reason.test(e.message));
      assert.equal(readFileSync(`${dir}/${file}`, 'utf8'), before, `${file} untouched`);
    }
    await assert.rejects(openFileStore(`${dir}/no/such/folder/state.json`), (e: unknown) => e instanceof ConfigError && /existing folder/.test(e.message));
  });

  it('writes atomically (no temporary file left) with the format marker, and nothing of a token', async () => {
    const dir = tempFiles({});
    const s = await openFileStore(`${dir}/state.json`);
    assert.equal(existsSync(`${dir}/state.json`), false, 'nothing written before a change');
    await s.addUser({ username: 'dave', password: 'pw', claims: {} });
    await s.revokeToken('hash-only', null);
    await s.close();
    assert.deepEqual(readdirSync(dir), ['state.json']);
    const doc = JSON.parse(readFileSync(`${dir}/state.json`, 'utf8')) as { format: string; users: unknown[]; revokedTokens: { hash: string }[] };
    assert.equal(doc.format, 'oauth-conformance-state');
    assert.equal(doc.users.length, 1);
    assert.deepEqual(doc.revokedTokens.map((r) => r.hash), ['hash-only']);
    // A state file we wrote is ours to write again.
    writeFileSync(`${dir}/state.json`, JSON.stringify({ ...doc, users: [] }));
    const again = await openFileStore(`${dir}/state.json`);
    assert.equal(await again.user('dave'), undefined);
    await again.close();
  });
});
