// Scale out: mock processes sharing one Redis and one signing key act as one authorization server.
// Each process is the real CLI (`oauth-conformance mock --store redis://… --keys …`); Redis is Debian's
// redis-server on a free port in a temp folder. Without redis-server every test here is skipped with
// that reason.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { exportPrivateJwk, generateSigningKey } from '../mock-server/engine/tokens/keys.ts';
import { bin, tempFiles } from './helpers.ts';
import { redisMissing, startRedis, type RedisServer } from './redis-server.ts';

const missing = redisMissing();
const opt = missing ? { skip: missing } : {};
let redis: RedisServer | undefined;
let keys = '';

interface MockProcess {
  url: string;
  child: ChildProcess;
  /** SIGKILL: no graceful close, so whatever survives was in Redis already. */
  kill(): Promise<void>;
}

const running = new Set<MockProcess>();

// Processes acting as one server share one issuer, as behind one load balancer: tokens name it.
const issuer = 'https://auth.example.test';

async function mock(args: string[]): Promise<MockProcess> {
  const child = spawn(process.execPath, [bin, 'mock', '--port', '0', '--issuer', issuer, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`mock exited ${code}: ${out}${err}`)));
  });
  const p: MockProcess = {
    url,
    child,
    kill: () =>
      new Promise<void>((resolve) => {
        running.delete(p);
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
  running.add(p);
  return p;
}

before(async () => {
  if (missing) return;
  redis = await startRedis();
  const dir = tempFiles({});
  keys = `${dir}/key.json`;
  writeFileSync(keys, JSON.stringify(await exportPrivateJwk(await generateSigningKey('RS256'))));
});

after(async () => {
  await Promise.all([...running].map((p) => p.kill()));
  await redis?.stop();
});

async function post(url: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(form) });
  const text = await r.text();
  return { status: r.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

const basic = (id: string, secret: string) => ({ authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` });
const confidential = basic('oauth21-demo-client', 'oauth21-demo-secret');
const spa = 'oauth21-spa';
const redirectUri = 'http://127.0.0.1:8765/callback';

/** The code flow with PKCE, its steps spread over the given processes (page, login, consent, exchange). */
async function codeFlow(page: MockProcess, login: MockProcess, consent: MockProcess, exchange: MockProcess): Promise<{ access_token: string; refresh_token: string; code: string; verifier: string }> {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const q = new URLSearchParams({ response_type: 'code', client_id: spa, redirect_uri: redirectUri, scope: 'read', state: 'st', code_challenge: challenge, code_challenge_method: 'S256' });
  const html = await (await fetch(`${page.url}/authorize?${q}`)).text();
  const pending = /name="pending" value="([^"]+)"/.exec(html)?.[1];
  assert.ok(pending, `login page: ${html.slice(0, 200)}`);
  const l = await fetch(`${login.url}/authorize`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ pending, step: 'login', username: 'alice', password: 'alice-password' }), redirect: 'manual' });
  assert.equal(l.status, 200, 'the sign-in started on one process continues on another');
  const c = await fetch(`${consent.url}/authorize`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ pending, step: 'consent', decision: 'allow' }), redirect: 'manual' });
  const code = new URL(c.headers.get('location')!).searchParams.get('code');
  assert.ok(code, `consent answered ${c.status} ${c.headers.get('location')}`);
  const t = await post(`${exchange.url}/token`, { grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: redirectUri, client_id: spa });
  assert.equal(t.status, 200, JSON.stringify(t.body));
  return { ...(t.body as { access_token: string; refresh_token: string }), code, verifier };
}

const active = async (at: MockProcess, token: string) => (await post(`${at.url}/introspect`, { token }, confidential)).body.active;

describe('two mock processes over one Redis act as one authorization server (oauth21)', () => {
  it('a token from A is introspected, refreshed and revoked on B; a code is single-use across both', opt, async () => {
    const a = await mock(['--profile', 'oauth21', '--store', redis!.url, '--keys', keys]);
    const b = await mock(['--profile', 'oauth21', '--store', redis!.url, '--keys', keys]);
    const t = await codeFlow(a, b, a, a);
    assert.equal(await active(b, t.access_token), true, 'B knows A’s access token');
    const r = await fetch(`${b.url}/api/resource`, { headers: { authorization: `Bearer ${t.access_token}` } });
    assert.equal(r.status, 200, 'B’s resource takes A’s token');
    const refreshed = await post(`${b.url}/token`, { grant_type: 'refresh_token', refresh_token: t.refresh_token, client_id: spa });
    assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
    const next = refreshed.body as { access_token: string; refresh_token: string };
    assert.equal(await active(a, t.refresh_token), false, 'A sees the rotation B made');
    assert.equal((await post(`${b.url}/revoke`, { token: next.refresh_token, client_id: spa })).status, 200);
    assert.equal(await active(a, next.refresh_token), false, 'A sees B’s revocation');
    assert.equal(await active(a, next.access_token), false, 'the family’s access tokens go with it (RFC 7009 §2.1)');
    // A code exchanged on A, presented again on B: refused, and what it issued is revoked (RFC 6749 §4.1.2).
    const u = await codeFlow(a, a, a, a);
    const again = await post(`${b.url}/token`, { grant_type: 'authorization_code', code: u.code, code_verifier: u.verifier, redirect_uri: redirectUri, client_id: spa });
    assert.equal(again.status, 400);
    assert.equal(again.body.error, 'invalid_grant');
    assert.equal(await active(a, u.access_token), false, 'the first exchange’s tokens are revoked');
    await Promise.all([a.kill(), b.kill()]);
  });

  it('50 concurrent refreshes of one token split across A and B: exactly one wins, and reuse detection leaves no token alive', opt, async () => {
    const a = await mock(['--profile', 'oauth21', '--store', redis!.url, '--keys', keys]);
    const b = await mock(['--profile', 'oauth21', '--store', redis!.url, '--keys', keys]);
    const t = await codeFlow(a, a, b, b);
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => post(`${(i % 2 ? a : b).url}/token`, { grant_type: 'refresh_token', refresh_token: t.refresh_token, client_id: spa })));
    const winners = answers.filter((x) => x.status === 200);
    assert.equal(winners.length, 1, `winners: ${winners.length}; statuses ${answers.map((x) => x.status).join(',')}`);
    assert.ok(answers.filter((x) => x.status !== 200).every((x) => x.status === 400 && x.body.error === 'invalid_grant'));
    const won = winners[0]!.body as { access_token: string; refresh_token: string };
    for (const at of [a, b]) {
      assert.equal(await active(at, won.refresh_token), false, 'the winner’s refresh token is revoked with its family');
      assert.equal(await active(at, won.access_token), false, 'and its access token');
      assert.equal(await active(at, t.access_token), false, 'and the first access token');
    }
    const again = await post(`${a.url}/token`, { grant_type: 'refresh_token', refresh_token: won.refresh_token, client_id: spa });
    assert.equal(again.status, 400);
    await Promise.all([a.kill(), b.kill()]);
  });
});

describe('users and refresh tokens outlive every process (shield)', () => {
  it('a user registered on A logs in on B; after both are killed a third process still knows both', opt, async () => {
    const client = basic('shield-demo-client', 'shield-demo-secret');
    const a = await mock(['--profile', 'shield', '--store', redis!.url, '--keys', keys]);
    const b = await mock(['--profile', 'shield', '--store', redis!.url, '--keys', keys]);
    const reg = await fetch(`${a.url}/users`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'new@example.com', password: 'pw-123456' }) });
    assert.equal(reg.status, 201);
    const taken = await fetch(`${b.url}/users`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'new@example.com', password: 'other' }) });
    assert.equal(taken.status, 409, 'B knows the name is taken');
    const login = await post(`${b.url}/oauth/token`, { grant_type: 'password', username: 'new@example.com', password: 'pw-123456' }, client);
    assert.equal(login.status, 200, JSON.stringify(login.body));
    const refresh = String(login.body.refresh_token);
    await Promise.all([a.kill(), b.kill()]);
    const c = await mock(['--profile', 'shield', '--store', redis!.url, '--keys', keys]);
    const refreshed = await post(`${c.url}/oauth/token`, { grant_type: 'refresh_token', refresh_token: refresh }, client);
    assert.equal(refreshed.status, 200, `the live refresh token still works: ${JSON.stringify(refreshed.body)}`);
    const me = await fetch(`${c.url}/v1/me`, { headers: { authorization: `Bearer ${String(refreshed.body.access_token)}` } });
    assert.equal(me.status, 200);
    const again = await post(`${c.url}/oauth/token`, { grant_type: 'password', username: 'new@example.com', password: 'pw-123456' }, client);
    assert.equal(again.status, 200, 'the registered user logs in on the third process');
    assert.equal((await post(`${c.url}/oauth/token`, { grant_type: 'refresh_token', refresh_token: refresh }, client)).status, 400, 'and that login voids the earlier refresh token (seed 002), across processes too');
    await c.kill();
  });
});

describe('mock --workers N', () => {
  it('serves from N processes on one port over Redis; without a shared store it refuses and says why', opt, async () => {
    const w = await mock(['--profile', 'oauth21', '--store', redis!.url, '--workers', '2']);
    const tokens = await Promise.all(Array.from({ length: 20 }, () => post(`${w.url}/token`, { grant_type: 'client_credentials' }, confidential)));
    assert.ok(tokens.every((t) => t.status === 200));
    // Every worker verifies every other's tokens: one key, handed over by the primary.
    const checks = await Promise.all(tokens.map((t) => fetch(`${w.url}/api/resource`, { headers: { authorization: `Bearer ${String(t.body.access_token)}` } })));
    assert.deepEqual([...new Set(checks.map((r) => r.status))], [200]);
    w.child.kill('SIGTERM');
    await new Promise((r) => w.child.once('exit', r));
    running.delete(w);
    await assert.rejects(mock(['--profile', 'oauth21', '--workers', '2']), /exited 2[\s\S]*memory store lives inside one process/);
  });
});
