// Atomic token families: when reuse detection or code reuse revokes a family, every token issued from
// it dies, also those minted concurrently with the revocation (RFC 9700 §4.14.2; RFC 6749 §4.1.2).
// Races over real sockets: 50 two-way and 20 fifty-way concurrent refreshes of one refresh token, and
// 50 two-way concurrent exchanges of one code; no token survives (resource 401, introspection inactive).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startMockServer, type MockServer } from '../mock-server/index.ts';
import { authorizeCode } from './engine-helpers.ts';

const redirectUri = 'http://127.0.0.1:8765/callback';
const basic = `Basic ${Buffer.from('oauth21-demo-client:oauth21-demo-secret').toString('base64')}`;
const verifier = 'v'.repeat(43);

async function post(mock: MockServer, path: string, form: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const r = await fetch(`${mock.url}${path}`, { method: 'POST', headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });
  return { status: r.status, body: (await r.json().catch(() => ({}))) as Record<string, unknown> };
}

async function code(mock: MockServer): Promise<string> {
  const back = await authorizeCode(mock.engine, { clientId: 'oauth21-demo-client', redirectUri, verifier, scope: 'read' });
  return back.searchParams.get('code')!;
}

const exchange = (mock: MockServer, c: string) => post(mock, '/token', { grant_type: 'authorization_code', code: c, redirect_uri: redirectUri, code_verifier: verifier });

/** Tokens that came out of a race; each must be dead. */
async function survivors(mock: MockServer, answers: { status: number; body: Record<string, unknown> }[]): Promise<string[]> {
  const alive: string[] = [];
  for (const a of answers.filter((x) => x.status === 200)) {
    const at = String(a.body.access_token);
    if ((await fetch(`${mock.url}/api/resource`, { headers: { authorization: `Bearer ${at}` } })).status !== 401) alive.push('access token at the resource');
    if ((await post(mock, '/introspect', { token: at })).body.active !== false) alive.push('access token at introspection');
    if (typeof a.body.refresh_token === 'string' && (await post(mock, '/token', { grant_type: 'refresh_token', refresh_token: a.body.refresh_token })).status === 200) alive.push('refresh token');
  }
  return alive;
}

describe('atomic token families under concurrency (oauth21: rotation with reuse detection)', () => {
  it('50 x 2-way and 20 x 50-way concurrent refreshes, 50 x 2-way concurrent code exchanges: no survivor', async () => {
    const mock = await startMockServer({ profile: 'oauth21', port: 0, recordLimit: 0 });
    const found: string[] = [];
    try {
      for (const [rounds, width] of [
        [50, 2],
        [20, 50],
      ] as const) {
        for (let i = 0; i < rounds; i++) {
          const first = await exchange(mock, await code(mock));
          assert.equal(first.status, 200, JSON.stringify(first.body));
          const rt = String(first.body.refresh_token);
          const answers = await Promise.all(Array.from({ length: width }, () => post(mock, '/token', { grant_type: 'refresh_token', refresh_token: rt })));
          const winners = answers.filter((a) => a.status === 200).length;
          if (winners > 1) found.push(`${width}-way refresh #${i}: ${winners} winners`);
          for (const s of await survivors(mock, answers)) found.push(`${width}-way refresh #${i}: ${s} survived`);
        }
      }
      for (let i = 0; i < 50; i++) {
        const c = await code(mock);
        const answers = await Promise.all([exchange(mock, c), exchange(mock, c)]);
        if (answers.filter((a) => a.status === 200).length > 1) found.push(`code #${i}: two winners`);
        for (const s of await survivors(mock, answers)) found.push(`code #${i}: ${s} survived`);
      }
    } finally {
      await mock.close();
    }
    assert.deepEqual(found, []);
  });
});

describe('a new login voids earlier refresh tokens, also under concurrency (seeds 002, 004)', () => {
  it('20 x 50 concurrent password logins (Shield) and API-key logins (api.video): at most one refresh token per race still works', async () => {
    const shield = await startMockServer({ profile: 'shield', port: 0, recordLimit: 0 });
    const video = await startMockServer({ profile: 'api-video', port: 0, recordLimit: 0 });
    const shieldBasic = `Basic ${Buffer.from('shield-demo-client:shield-demo-secret').toString('base64')}`;
    const form = (url: string, body: Record<string, string>) =>
      fetch(url, { method: 'POST', headers: { authorization: shieldBasic, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body) }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));
    const json = (url: string, body: Record<string, string>) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));
    const found: string[] = [];
    try {
      for (let i = 0; i < 20; i++) {
        const logins = await Promise.all(Array.from({ length: 50 }, () => form(`${shield.url}/oauth/token`, { grant_type: 'password', username: 'fan@example.com', password: 'fan-password' })));
        let alive = 0;
        for (const l of logins) if ((await form(`${shield.url}/oauth/token`, { grant_type: 'refresh_token', refresh_token: String(l.body.refresh_token) })).status === 200) alive++;
        if (alive > 1) found.push(`Shield race #${i}: ${alive} refresh tokens still work`);
        const keys = await Promise.all(Array.from({ length: 50 }, () => json(`${video.url}/auth/api-key`, { apiKey: 'apivideo-demo-key' })));
        alive = 0;
        for (const k of keys) if ((await json(`${video.url}/auth/refresh`, { refreshToken: String(k.body.refresh_token) })).status === 200) alive++;
        if (alive > 1) found.push(`api.video race #${i}: ${alive} refresh tokens still work`);
      }
    } finally {
      await shield.close();
      await video.close();
    }
    assert.deepEqual(found, []);
  });
});
