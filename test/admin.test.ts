import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeJwt } from 'jose';
import { authorizeCode, call, engineFor, origin } from './engine-helpers.ts';

describe('admin surface', () => {
  it('records requests with secrets redacted to fingerprints', async () => {
    const e = await engineFor('shield');
    const r = await call(e, 'POST', '/oauth/token', { form: { grant_type: 'password', username: 'fan@example.com', password: 'fan-password' }, basic: ['shield-demo-client', 'shield-demo-secret'] });
    await call(e, 'GET', '/v1/me', { bearer: String(r.body.access_token) });
    const list = (await call(e, 'GET', '/__admin/requests')).body.requests as { path: string; body: string; headers: Record<string, string>; responseBody: string }[];
    assert.equal(list.length, 2);
    const all = JSON.stringify(list);
    for (const secret of ['fan-password', 'shield-demo-secret', String(r.body.access_token), String(r.body.refresh_token), Buffer.from('shield-demo-client:shield-demo-secret').toString('base64')]) {
      assert.ok(!all.includes(secret), `secret leaked: ${secret.slice(0, 12)}`);
    }
    assert.match(list[0]!.body, /password=\[redacted [\w-]{10}\]/);
    assert.match(list[1]!.headers.authorization!, /^Bearer \[redacted [\w-]{10}\]$/);
    assert.equal((await call(e, 'DELETE', '/__admin/requests')).status, 204);
    assert.deepEqual((await call(e, 'GET', '/__admin/requests')).body.requests, []);
  });
  it('fault rules answer matching requests a number of times, with Retry-After and delay', async () => {
    const e = await engineFor('shield');
    const added = await call(e, 'POST', '/__admin/faults', { json: { method: 'POST', path: '/oauth/*', status: 503, headers: { 'retry-after': '2' }, times: 1 } });
    assert.equal(added.status, 201);
    const hit = await call(e, 'POST', '/oauth/token', { form: { grant_type: 'client_credentials' }, basic: ['shield-demo-client', 'shield-demo-secret'] });
    assert.equal(hit.status, 503);
    assert.equal(hit.headers.get('retry-after'), '2');
    const next = await call(e, 'POST', '/oauth/token', { form: { grant_type: 'client_credentials' }, basic: ['shield-demo-client', 'shield-demo-secret'] });
    assert.equal(next.status, 200, 'times: 1 consumed');
    e.admin.addFault({ path: '/v1/content', delayMs: 150, times: 1 });
    const t0 = Date.now();
    await call(e, 'GET', '/v1/content');
    assert.ok(Date.now() - t0 >= 140);
    const bad = await call(e, 'POST', '/__admin/faults', { json: { status: 'x' } });
    assert.equal(bad.status, 400);
    assert.match(String(bad.body.error_description), /\/status/);
  });
  it('moves the clock and mints tokens with chosen claims, expired ones too', async () => {
    const e = await engineFor('oauth21');
    const minted = await call(e, 'POST', '/__admin/tokens', { json: { sub: 'bob', scope: ['read'], claims: { tenant: 't1' } } });
    assert.equal(minted.status, 201);
    const claims = decodeJwt(String(minted.body.access_token));
    assert.equal(claims.sub, 'bob');
    assert.equal(claims.tenant, 't1');
    assert.equal((await call(e, 'GET', '/api/resource', { bearer: String(minted.body.access_token) })).status, 200);
    assert.equal((await call(e, 'POST', '/api/resource', { bearer: String(minted.body.access_token) })).status, 403);
    // The mock's clock runs on between the mint and the reads: exp is 10 s before the moment of minting.
    const mintedFrom = Math.floor(e.admin.now() / 1000);
    const expired = await call(e, 'POST', '/__admin/tokens', { json: { expiresIn: -10 } });
    const mintedBy = Math.floor(e.admin.now() / 1000);
    const ec = decodeJwt(String(expired.body.access_token));
    assert.ok(Number(ec.exp) < Math.floor(e.admin.now() / 1000));
    assert.equal(Number(ec.exp) - Number(ec.iat), 3600, 'exp - iat is the profile lifetime');
    assert.ok(Number(ec.exp) >= mintedFrom - 10 && Number(ec.exp) <= mintedBy - 10, `exp ${String(ec.exp)} is 10 s before the mint (${mintedFrom}..${mintedBy})`);
    assert.equal((await call(e, 'GET', '/api/resource', { bearer: String(expired.body.access_token) })).status, 401);
    const before = e.admin.now();
    const moved = await call(e, 'POST', '/__admin/clock', { json: { advance: 3600 } });
    assert.equal(moved.status, 200);
    assert.ok(e.admin.now() - before >= 3_600_000);
    assert.equal((await call(e, 'POST', '/__admin/clock', { json: { advance: 1e300 } })).status, 400);
    assert.equal((await call(e, 'GET', '/api/resource', { bearer: String(minted.body.access_token) })).status, 401, 'expired by the clock');
  });
  it('revokes and resets', async () => {
    const e = await engineFor('oauth21');
    const t = String((await call(e, 'POST', '/__admin/tokens', { json: {} })).body.access_token);
    assert.deepEqual((await call(e, 'POST', '/__admin/revoke', { json: { token: t } })).body, { revoked: true });
    assert.equal((await call(e, 'GET', '/api/resource', { bearer: t })).status, 401);
    e.admin.addFault({ path: '/token', status: 500 });
    e.admin.advanceClock(99999);
    assert.equal((await call(e, 'POST', '/__admin/reset')).status, 415, 'state-changing admin calls take JSON');
    assert.equal((await call(e, 'POST', '/__admin/reset', { json: {} })).status, 204);
    assert.deepEqual(e.admin.faults(), []);
    assert.ok(Math.abs(e.admin.now() - Date.now()) < 1000);
  });
  it('is refused to non-loopback peers unless an admin token is configured', async () => {
    const e = await engineFor('shield');
    assert.equal((await call(e, 'GET', '/__admin', { remoteAddress: '10.0.0.5' })).status, 403);
    assert.equal((await call(e, 'GET', '/__admin', { remoteAddress: '::1' })).status, 200);
    const t = await engineFor('shield', { adminToken: 'let-me-in' });
    assert.equal((await call(t, 'GET', '/__admin', { remoteAddress: '10.0.0.5' })).status, 403);
    assert.equal((await call(t, 'GET', '/__admin', { remoteAddress: '127.0.0.1' })).status, 403, 'a token, once set, is needed from loopback too');
    assert.equal((await call(t, 'GET', '/__admin', { remoteAddress: '10.0.0.5', headers: { 'x-admin-token': 'let-me-in' } })).status, 200);
  });
});

describe('admin is safe from web pages (no CORS, Host and Origin checked, JSON only)', () => {
  it('refuses drive-by pages, DNS-rebound names and simple requests over HTTP', async () => {
    const { request } = await import('node:http');
    const { startMockServer } = await import('../mock-server/index.ts');
    const mock = await startMockServer({ profile: 'oauth21', port: 0 });
    const port = new URL(mock.url).port;
    const send = (method: string, path: string, headers: Record<string, string>, body?: string) =>
      new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
        });
        req.on('error', reject);
        req.end(body);
      });
    try {
      const own = await send('GET', '/__admin', { host: `127.0.0.1:${port}` });
      assert.equal(own.status, 200);
      assert.equal(own.headers['access-control-allow-origin'], undefined, 'no CORS on admin');
      assert.equal((await send('GET', '/__admin', { host: `localhost:${port}` })).status, 200);
      const rebound = await send('GET', '/__admin', { host: `evil.test:${port}` });
      assert.equal(rebound.status, 403);
      assert.match(rebound.text, /DNS-rebound/);
      const page = await send('POST', '/__admin/tokens', { host: `127.0.0.1:${port}`, origin: 'https://evil.test', 'content-type': 'application/json' }, '{}');
      assert.equal(page.status, 403, 'a page of another origin cannot mint a token');
      assert.doesNotMatch(page.text, /access_token/);
      const form = await send('POST', '/__admin/tokens', { host: `127.0.0.1:${port}`, 'content-type': 'text/plain' }, '{}');
      assert.equal(form.status, 415, 'a simple (text/plain) request cannot mint a token');
      const preflight = await send('OPTIONS', '/__admin/tokens', { host: `127.0.0.1:${port}`, origin: 'https://evil.test', 'access-control-request-method': 'POST' });
      assert.equal(preflight.headers['access-control-allow-origin'], undefined, 'no preflight grant');
      const noCsrf = await send('POST', '/__admin/tokens', { host: `127.0.0.1:${port}`, origin: `http://127.0.0.1:${port}`, 'content-type': 'application/json' }, '{}');
      assert.equal(noCsrf.status, 403, 'a change from a browser page, even the mock\'s own, needs the CSRF token');
      assert.match(noCsrf.text, /CSRF/);
      const minted = await send('POST', '/__admin/tokens', { host: `127.0.0.1:${port}`, origin: `http://127.0.0.1:${port}`, 'content-type': 'application/json', 'x-csrf-token': mock.admin.csrfToken }, '{}');
      assert.equal(minted.status, 201, minted.text);
      const script = await send('POST', '/__admin/tokens', { host: `127.0.0.1:${port}`, 'content-type': 'application/json' }, '{}');
      assert.equal(script.status, 201, 'curl and scripts (no Origin, no Sec-Fetch-Site) need no CSRF token');
      const otherPort = await send('POST', '/__admin/tokens', { host: `127.0.0.1:${port}`, origin: `http://127.0.0.1:${Number(port) === 65535 ? 1 : Number(port) + 1}`, 'content-type': 'application/json', 'x-csrf-token': mock.admin.csrfToken }, '{}');
      assert.equal(otherPort.status, 403, 'a page on another port is another origin');
      for (const site of ['cross-site', 'same-site']) {
        const framed = await send('GET', '/__admin/ui', { host: `127.0.0.1:${port}`, 'sec-fetch-site': site });
        assert.equal(framed.status, 403, `Sec-Fetch-Site: ${site} cannot load the dashboard`);
      }
      const ui = await send('GET', '/__admin/ui', { host: `127.0.0.1:${port}`, 'sec-fetch-site': 'none' });
      assert.equal(ui.status, 200);
      assert.match(String(ui.headers['content-security-policy']), /frame-ancestors 'none'/);
      assert.equal(ui.headers['x-frame-options'], 'DENY');
      assert.ok(ui.text.includes(mock.admin.csrfToken), 'the page carries its CSRF token');
      const api = await send('OPTIONS', '/token', { host: `127.0.0.1:${port}`, origin: 'http://localhost:3000' });
      assert.equal(api.headers['access-control-allow-origin'], '*', 'the OAuth endpoints keep CORS for browser apps');
    } finally {
      await mock.close();
    }
  });
});

describe('admin: clients, users, decoding and live events', () => {
  it('lists and adds clients and users without replacing any, secrets as fingerprints, passwords never', async () => {
    const e = await engineFor('oidc');
    const clients = (await call(e, 'GET', '/__admin/clients')).body.clients as { clientId: string; source: string; clientSecret?: string }[];
    assert.ok(clients.length >= 2);
    assert.ok(clients.every((c) => c.source === 'configured'));
    assert.ok(!JSON.stringify(clients).includes('oidc-demo-secret'), 'no client secret in clear');
    assert.match(clients.find((c) => c.clientId === 'oidc-demo-client')!.clientSecret!, /^\[redacted /);
    const added = await call(e, 'POST', '/__admin/clients', { json: { clientId: 'added-app', clientSecret: 'added-secret', redirectUris: ['http://127.0.0.1:9/cb'] } });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    const again = await call(e, 'POST', '/__admin/clients', { json: { clientId: 'added-app', clientSecret: 'other' } });
    assert.equal(again.status, 409);
    const configured = await call(e, 'POST', '/__admin/clients', { json: { clientId: 'oidc-demo-client' } });
    assert.equal(configured.status, 409, 'a configured client is never replaced');
    const bad = await call(e, 'POST', '/__admin/clients', { json: { clientId: 3, color: 'red' } });
    assert.equal(bad.status, 400);
    assert.match(String(bad.body.error_description), /\/clientId: expected a value of type string/);
    // The added client works at the token endpoint.
    const token = await call(e, 'POST', '/token', { form: { grant_type: 'client_credentials', scope: 'read' }, basic: ['added-app', 'added-secret'] });
    assert.equal(token.status, 200, JSON.stringify(token.body));
    // Users on a profile with the password grant, so the added one can sign in at once.
    const s = await engineFor('shield');
    assert.equal((await call(s, 'POST', '/__admin/users', { json: { username: 'bob', password: 'bob-pw', claims: { team: 'x' } } })).status, 201);
    assert.equal((await call(s, 'POST', '/__admin/users', { json: { username: 'bob', password: 'other' } })).status, 409);
    assert.equal((await call(s, 'POST', '/__admin/users', { json: { username: 'fan@example.com', password: 'other' } })).status, 409, 'a configured user is never replaced');
    assert.equal((await call(s, 'POST', '/__admin/users', { json: { username: 'carol' } })).status, 400, 'a user needs a password');
    const users = (await call(s, 'GET', '/__admin/users')).body.users as { username: string; source: string }[];
    assert.deepEqual(users.map((u) => `${u.username}:${u.source}`), ['fan@example.com:configured', 'bob:registered']);
    assert.ok(!JSON.stringify(users).includes('bob-pw') && !JSON.stringify(users).includes('fan-password'), 'no password is listed');
    const login = await call(s, 'POST', '/oauth/token', { form: { grant_type: 'password', username: 'bob', password: 'bob-pw' }, basic: ['shield-demo-client', 'shield-demo-secret'] });
    assert.equal(login.status, 200, JSON.stringify(login.body));
    const wrong = await call(s, 'POST', '/oauth/token', { form: { grant_type: 'password', username: 'bob', password: 'other' }, basic: ['shield-demo-client', 'shield-demo-secret'] });
    assert.notEqual(wrong.status, 200);
  });
  it('decodes a JWT and checks its signature with the mock key; a forged one says so', async () => {
    const e = await engineFor('oauth21');
    const minted = (await call(e, 'POST', '/__admin/tokens', { json: { scope: ['read'] } })).body.access_token as string;
    const view = (await call(e, 'POST', '/__admin/decode', { json: { token: minted } })).body.token as { signature: string; claims: { scope?: string }; fingerprint: string };
    assert.equal(view.signature, 'verified');
    assert.equal(view.claims.scope, 'read');
    assert.ok(!JSON.stringify(view).includes(minted), 'the view never holds the token');
    const [hd, pl] = minted.split('.');
    const forged = (await call(e, 'POST', '/__admin/decode', { json: { token: `${hd}.${pl}.AAAA` } })).body.token as { signature: string };
    assert.equal(forged.signature, 'invalid');
    assert.deepEqual((await call(e, 'POST', '/__admin/decode', { json: { token: 'opaque-token' } })).body, {});
    // Recorded traffic carries the same view: the token endpoint's reply, decoded and verified.
    await call(e, 'POST', '/token', { form: { grant_type: 'client_credentials', scope: 'read' }, basic: ['oauth21-demo-client', 'oauth21-demo-secret'] });
    const traffic = await e.admin.traffic();
    const tokens = traffic.at(-1)?.tokens ?? [];
    assert.equal(tokens[0]?.where, 'response access_token');
    assert.equal(tokens[0]?.signature, 'verified');
    assert.equal(e.admin.requests().at(-1)?.tokens?.[0]?.signature, 'not-checked', 'the synchronous list decodes without checking');
  });
  it('streams each exchange and each change as server-sent events; a single fault rule is removed by id', async () => {
    const e = await engineFor('oauth21');
    const res = await e.handle(new Request('http://127.0.0.1/__admin/events'));
    assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    const until = async (pattern: RegExp) => {
      while (!pattern.test(text)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${pattern}`);
        text += value;
      }
    };
    await call(e, 'POST', '/token', { form: { grant_type: 'client_credentials' }, basic: ['oauth21-demo-client', 'oauth21-demo-secret'] });
    await until(/event: exchange\ndata: \{"seq":1,[^\n]*"signature":"verified"/);
    const rule = (await call(e, 'POST', '/__admin/faults', { json: { path: '/token', status: 503 } })).body as { id: string };
    await until(/event: state\ndata: \{"what":"faults"\}/);
    assert.equal((await call(e, 'DELETE', `/__admin/faults/${rule.id}`)).status, 204);
    assert.equal((await call(e, 'DELETE', `/__admin/faults/${rule.id}`)).status, 404);
    assert.deepEqual(e.admin.faults(), []);
    await call(e, 'POST', '/__admin/clock', { json: { advance: 60 } });
    await until(/"what":"clock"/);
    await reader.cancel();
  });
});

describe('memory stays bounded', () => {
  it('access tokens cost the store nothing; families, codes and revocations are swept once expired', async () => {
    const e = await engineFor('oauth21');
    const client = e.demo.clients.find((c) => c.clientSecret)!;
    for (let i = 0; i < 300; i++) {
      const r = await call(e, 'POST', '/token', { form: { grant_type: 'client_credentials' }, basic: [client.clientId, client.clientSecret!] });
      assert.equal(r.status, 200, r.text);
    }
    assert.equal((await e.store.stats()).families, 0, 'access tokens alone are not stored');
    const pub = e.demo.clients.find((c) => !c.clientSecret)!;
    let access = '';
    for (let i = 0; i < 20; i++) {
      const verifier = `v-${i}-${'x'.repeat(50)}`;
      const code = (await authorizeCode(e, { clientId: pub.clientId, redirectUri: pub.redirectUris![0]!, verifier })).searchParams.get('code')!;
      const t = await call(e, 'POST', '/token', { form: { grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: pub.redirectUris![0]!, client_id: pub.clientId } });
      assert.equal(t.status, 200, t.text);
      access = String(t.body.access_token);
    }
    assert.equal((await e.store.stats()).families, 20, 'one family per login with a refresh token');
    assert.equal((await call(e, 'POST', '/__admin/revoke', { json: { token: access } })).body.revoked, true);
    assert.equal((await e.store.stats()).revokedTokens, 1);
    e.admin.advanceClock(e.profile.refreshToken.lifetime! + 3600);
    for (let i = 0; i < 1000; i++) await call(e, 'GET', '/nothing');
    const after = await e.store.stats();
    assert.deepEqual({ families: after.families, revokedTokens: after.revokedTokens, codes: after.codes, pending: after.pending }, { families: 0, revokedTokens: 0, codes: 0, pending: 0 });
  });
});

describe('resources and introspection check a signed token in full (RFC 9068 §4)', () => {
  it('refuse a validly signed token with the wrong aud, no aud, no exp, iat or nbf in the future; no scope holds no scope', async () => {
    const { SignJWT } = await import('jose');
    const e = await engineFor('oauth21');
    const key = await e.key();
    const now = Math.floor(Date.now() / 1000);
    const base = { iss: origin, sub: 'alice', client_id: 'oauth21-demo-client', aud: 'https://api.oauth21.test', iat: now, exp: now + 600, jti: 'j1', scope: 'read' };
    const sign = (claims: Record<string, unknown>) => new SignJWT(claims).setProtectedHeader({ alg: key.alg, typ: 'at+jwt', kid: key.kid }).sign(key.privateKey);
    const ok = await call(e, 'GET', '/api/resource', { bearer: await sign(base) });
    assert.equal(ok.status, 200, 'the well-formed token works');
    for (const [what, claims] of [
      ['another audience', { ...base, aud: 'https://elsewhere.test' }],
      ['no audience', { ...base, aud: undefined }],
      ['no expiry', { ...base, exp: undefined }],
      ['issued in the future', { ...base, iat: now + 3600 }],
      ['not valid yet', { ...base, nbf: now + 3600 }],
      ['another issuer', { ...base, iss: 'https://evil.test' }],
    ] as const) {
      const token = await sign(JSON.parse(JSON.stringify(claims)));
      const r = await call(e, 'GET', '/api/resource', { bearer: token });
      assert.equal(r.status, 401, `${what}: ${r.status}`);
      assert.match(r.headers.get('www-authenticate') ?? '', /error="invalid_token", error_description="[^"]+"/, what);
      const i = await call(e, 'POST', '/introspect', { form: { token }, basic: ['oauth21-demo-client', 'oauth21-demo-secret'] });
      assert.deepEqual(i.body, { active: false }, `${what} at introspection`);
    }
    const noScope = await call(e, 'GET', '/api/resource', { bearer: await sign({ ...base, scope: undefined }) });
    assert.equal(noScope.status, 403, 'a token without scope holds no scope');
  });
});
