import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { validate } from '../lib/validator.ts';
import { authorizeCode, call, engineFor } from './engine-helpers.ts';

const cc = (id: string, secret: string, extra: Record<string, string> = {}) => ({ form: { grant_type: 'client_credentials', ...extra }, basic: [id, secret] as [string, string] });

describe('client_credentials', () => {
  it('issues a Bearer token by Basic and by body credentials, never cached', async () => {
    const e = await engineFor('generic-oauth2');
    for (const c of [cc('generic-demo-client', 'generic-demo-secret'), { form: { grant_type: 'client_credentials', client_id: 'generic-demo-client', client_secret: 'generic-demo-secret' } }]) {
      const r = await call(e, 'POST', '/oauth/token', c);
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(validate('token-response', r.body), []);
      assert.equal(r.body.token_type, 'Bearer');
      assert.equal(r.body.expires_in, 3600);
      assert.equal(r.body.refresh_token, undefined, 'no refresh token for client_credentials');
      assert.equal(r.headers.get('cache-control'), 'no-store');
      assert.equal(r.headers.get('pragma'), 'no-cache');
      assert.match(r.headers.get('content-type') ?? '', /^application\/json/);
    }
  });
  it('narrows scope, refuses unknown or excessive scope', async () => {
    const e = await engineFor('generic-oauth2');
    const narrowed = await call(e, 'POST', '/oauth/token', cc('generic-demo-client', 'generic-demo-secret', { scope: 'read' }));
    assert.equal(narrowed.body.scope, 'read');
    const unknown = await call(e, 'POST', '/oauth/token', cc('generic-demo-client', 'generic-demo-secret', { scope: 'admin' }));
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error, 'invalid_scope');
    const excess = await call(e, 'POST', '/oauth/token', cc('generic-cc-only-client', 'generic-cc-only-secret', { scope: 'read write' }));
    assert.equal(excess.body.error, 'invalid_scope');
  });
  it('answers wrong secrets and unknown clients with 401 invalid_client and a Basic challenge (RFC 9110 §11.6.1: every 401 has one)', async () => {
    const e = await engineFor('shield');
    const wrong = await call(e, 'POST', '/oauth/token', cc('shield-demo-client', 'nope'));
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.error, 'invalid_client');
    assert.match(wrong.headers.get('www-authenticate') ?? '', /^Basic realm=/);
    const unknown = await call(e, 'POST', '/oauth/token', { form: { grant_type: 'client_credentials', client_id: 'who', client_secret: 'x' } });
    assert.equal(unknown.status, 401);
    assert.equal(unknown.body.error, 'invalid_client');
    assert.match(unknown.headers.get('www-authenticate') ?? '', /^Basic realm=/, 'the scheme the server supports, though the client sent its credentials in the body');
  });
  it('decodes form-urlencoded Basic credentials (RFC 6749 §2.3.1)', async () => {
    const e = await engineFor('shield', { credentials: { clientId: 'a b+c', clientSecret: 'p@ss:w%rd' } });
    const r = await call(e, 'POST', '/oauth/token', cc('a b+c', 'p@ss:w%rd'));
    assert.equal(r.status, 200, r.text);
  });
  it('refuses a grant the client may not use with unauthorized_client, and unknown grants', async () => {
    const e = await engineFor('shield');
    const r = await call(e, 'POST', '/oauth/token', { form: { grant_type: 'password', username: 'fan@example.com', password: 'fan-password' }, basic: ['shield-cc-only-client', 'shield-cc-only-secret'] });
    assert.equal(r.body.error, 'unauthorized_client');
    const u = await call(e, 'POST', '/oauth/token', { form: { grant_type: 'urn:x' }, basic: ['shield-demo-client', 'shield-demo-secret'] });
    assert.equal(u.body.error, 'unsupported_grant_type');
    const m = await call(e, 'POST', '/oauth/token', { form: {}, basic: ['shield-demo-client', 'shield-demo-secret'] });
    assert.equal(m.body.error, 'invalid_request');
  });
  it('treats repeated parameters as invalid_request and empty ones as omitted (§3.1)', async () => {
    const e = await engineFor('shield');
    const dup = await call(e, 'POST', '/oauth/token', { form: 'grant_type=client_credentials&grant_type=client_credentials', basic: ['shield-demo-client', 'shield-demo-secret'] });
    assert.equal(dup.status, 400);
    assert.equal(dup.body.error, 'invalid_request');
    const empty = await call(e, 'POST', '/oauth/token', { form: 'grant_type=client_credentials&scope=', basic: ['shield-demo-client', 'shield-demo-secret'] });
    assert.equal(empty.status, 200);
  });
  it('Shakr: the server token has no expiry and a scoped token stays in its scope', async () => {
    const e = await engineFor('shakr');
    const server = await call(e, 'POST', '/oauth/token', { form: { grant_type: 'client_credentials', client_id: 'shakr-demo-client', client_secret: 'shakr-demo-secret' } });
    assert.equal(server.body.expires_in, undefined);
    e.admin.advanceClock(10 * 365 * 24 * 3600);
    assert.equal((await call(e, 'POST', '/v2/videos', { bearer: String(server.body.access_token) })).status, 200);
    const scoped = await call(e, 'POST', '/oauth/token', cc('shakr-demo-client', 'shakr-demo-secret', { scope: 'editor' }));
    assert.equal(scoped.body.scope, 'editor');
    assert.equal((await call(e, 'GET', '/v2/editor/session', { bearer: String(scoped.body.access_token) })).status, 200);
    const denied = await call(e, 'GET', '/v2/videos', { bearer: String(scoped.body.access_token) });
    assert.equal(denied.status, 403);
    assert.match(denied.headers.get('www-authenticate') ?? '', /error="insufficient_scope".*scope="video:read"/);
  });
});

describe('password and Shield', () => {
  it('issues a Shield JWT {username, iat, exp} with a refresh token; client_credentials gets none', async () => {
    const e = await engineFor('shield');
    const r = await call(e, 'POST', '/oauth/token', { form: { grant_type: 'password', username: 'fan@example.com', password: 'fan-password' }, basic: ['shield-demo-client', 'shield-demo-secret'] });
    assert.equal(r.status, 200, r.text);
    assert.ok(r.body.refresh_token);
    const claims = decodeJwt(String(r.body.access_token));
    assert.deepEqual(validate('shield-jwt-claims', claims), []);
    assert.equal(claims.username, 'fan@example.com');
    assert.equal(Number(claims.exp) - Number(claims.iat), 3600);
    const bad = await call(e, 'POST', '/oauth/token', { form: { grant_type: 'password', username: 'fan@example.com', password: 'x' }, basic: ['shield-demo-client', 'shield-demo-secret'] });
    assert.equal(bad.body.error, 'invalid_grant');
  });
  it('a password login from another device voids the earlier refresh token; refresh is reusable', async () => {
    const e = await engineFor('shield');
    const login = () => call(e, 'POST', '/oauth/token', { form: { grant_type: 'password', username: 'fan@example.com', password: 'fan-password' }, basic: ['shield-demo-client', 'shield-demo-secret'] });
    const refresh = (t: unknown) => call(e, 'POST', '/oauth/token', { form: { grant_type: 'refresh_token', refresh_token: String(t) }, basic: ['shield-demo-client', 'shield-demo-secret'] });
    const first = await login();
    const again = await refresh(first.body.refresh_token);
    assert.equal(again.status, 200);
    assert.equal(again.body.refresh_token, undefined, 'reusable: no new refresh token');
    assert.equal((await refresh(first.body.refresh_token)).status, 200, 'reusable: works again');
    e.admin.advanceClock(400 * 24 * 3600);
    assert.equal((await refresh(first.body.refresh_token)).status, 200, 'never expires');
    await login();
    const after = await refresh(first.body.refresh_token);
    assert.equal(after.body.error, 'invalid_grant');
  });
  it('registers users at /users without a token, who can then log in', async () => {
    const e = await engineFor('shield');
    const reg = await call(e, 'POST', '/users', { json: { username: 'new-fan', password: 'pw-123456' } });
    assert.equal(reg.status, 201);
    assert.equal((await call(e, 'POST', '/users', { json: { username: 'new-fan', password: 'x' } })).status, 409);
    const login = await call(e, 'POST', '/oauth/token', { form: { grant_type: 'password', username: 'new-fan', password: 'pw-123456' }, basic: ['shield-demo-client', 'shield-demo-secret'] });
    assert.equal(login.status, 200);
    const me = await call(e, 'GET', '/v1/me', { bearer: String(login.body.access_token) });
    assert.equal(me.status, 200);
  });
});

describe('refresh policies', () => {
  it('rotating: a new refresh token each time, the old one stops working; scope never broadens', async () => {
    const e = await engineFor('api-video');
    const login = await call(e, 'POST', '/auth/api-key', { json: { apiKey: 'apivideo-demo-key' } });
    assert.equal(login.status, 200, login.text);
    assert.deepEqual(validate('api-video-token-response', login.body), []);
    const next = await call(e, 'POST', '/auth/refresh', { json: { refreshToken: login.body.refresh_token } });
    assert.equal(next.status, 200);
    assert.notEqual(next.body.refresh_token, login.body.refresh_token);
    const old = await call(e, 'POST', '/auth/refresh', { json: { refreshToken: login.body.refresh_token } });
    assert.equal(old.status, 400);
    assert.deepEqual(validate('problem', old.body), []);
    assert.match(old.headers.get('content-type') ?? '', /problem\+json/);
    assert.equal((await call(e, 'POST', '/auth/refresh', { json: { refreshToken: next.body.refresh_token } })).status, 200, 'no reuse detection: the newest still works');
  });
  it('api.video: sending the API key again voids the earlier refresh token', async () => {
    const e = await engineFor('api-video');
    const first = await call(e, 'POST', '/auth/api-key', { json: { apiKey: 'apivideo-demo-key' } });
    await call(e, 'POST', '/auth/api-key', { json: { apiKey: 'apivideo-demo-key' } });
    const r = await call(e, 'POST', '/auth/refresh', { json: { refreshToken: first.body.refresh_token } });
    assert.equal(r.status, 400);
    const bad = await call(e, 'POST', '/auth/api-key', { json: { apiKey: 'wrong' } });
    assert.equal(bad.status, 400);
    assert.deepEqual(validate('problem', bad.body), []);
    const form = await call(e, 'POST', '/auth/api-key', { form: { apiKey: 'apivideo-demo-key' } });
    assert.equal(form.status, 400, 'JSON only');
  });
  it('reuse detection revokes the whole family, the newest tokens included', async () => {
    const e = await engineFor('oauth21');
    const rt0 = await mintRefresh(e);
    const r1 = await call(e, 'POST', '/token', { form: { grant_type: 'refresh_token', refresh_token: rt0 }, basic: ['oauth21-demo-client', 'oauth21-demo-secret'] });
    assert.equal(r1.status, 200);
    const reuse = await call(e, 'POST', '/token', { form: { grant_type: 'refresh_token', refresh_token: rt0 }, basic: ['oauth21-demo-client', 'oauth21-demo-secret'] });
    assert.equal(reuse.body.error, 'invalid_grant');
    const newest = await call(e, 'POST', '/token', { form: { grant_type: 'refresh_token', refresh_token: String(r1.body.refresh_token) }, basic: ['oauth21-demo-client', 'oauth21-demo-secret'] });
    assert.equal(newest.body.error, 'invalid_grant');
    assert.equal((await call(e, 'GET', '/api/resource', { bearer: String(r1.body.access_token) })).status, 401, 'access tokens of the family are revoked too');
  });
  it('refuses a broader scope, another client, an expired token', async () => {
    const e = await engineFor('generic-oauth2');
    const rt = await mintRefresh(e, 'read');
    const broader = await call(e, 'POST', '/oauth/token', { form: { grant_type: 'refresh_token', refresh_token: rt, scope: 'read write' }, basic: ['generic-demo-client', 'generic-demo-secret'] });
    assert.equal(broader.body.error, 'invalid_scope');
    e.admin.advanceClock(30 * 24 * 3600 + 1);
    const expired = await call(e, 'POST', '/oauth/token', { form: { grant_type: 'refresh_token', refresh_token: rt }, basic: ['generic-demo-client', 'generic-demo-secret'] });
    assert.equal(expired.body.error, 'invalid_grant');
  });
  it('two concurrent refreshes of one rotating token: exactly one succeeds', async () => {
    const e = await engineFor('oauth21');
    const rt = await mintRefresh(e);
    const both = await Promise.all([0, 1].map(() => call(e, 'POST', '/token', { form: { grant_type: 'refresh_token', refresh_token: rt }, basic: ['oauth21-demo-client', 'oauth21-demo-secret'] })));
    assert.deepEqual(both.map((r) => r.status).sort(), [200, 400]);
  });
});

/** A refresh token through the real authorization code flow (login and consent by form posts). */
async function mintRefresh(e: Awaited<ReturnType<typeof engineFor>>, scope?: string): Promise<string> {
  const client = e.demo.clients[0]!;
  const verifier = 'v'.repeat(43);
  const redirectUri = client.redirectUris![0]!;
  const code = (await authorizeCode(e, { clientId: client.clientId, redirectUri, verifier, ...(scope ? { scope } : {}) })).searchParams.get('code')!;
  const r = await call(e, 'POST', e.profile.endpoints.token!.path, { form: { grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier }, basic: [client.clientId, client.clientSecret!] });
  assert.equal(r.status, 200, r.text);
  return String(r.body.refresh_token);
}

describe('JWT access tokens', () => {
  it('oauth21 tokens follow RFC 9068 and verify against the JWKS', async () => {
    const e = await engineFor('oauth21', { alg: 'ES256' });
    const r = await call(e, 'POST', '/token', cc('oauth21-demo-client', 'oauth21-demo-secret'));
    const header = decodeProtectedHeader(String(r.body.access_token));
    assert.equal(header.typ, 'at+jwt');
    assert.equal(header.alg, 'ES256');
    const claims = decodeJwt(String(r.body.access_token));
    assert.deepEqual(validate('jwt-access-token', claims), []);
    assert.equal(claims.iss, 'http://127.0.0.1:9999');
    const jwks = await call(e, 'GET', '/jwks.json');
    assert.deepEqual(validate('jwks', jwks.body), []);
    assert.equal((jwks.body.keys as { kid: string }[])[0]!.kid, header.kid);
  });
  it('resources refuse alg none, a foreign key and a tampered payload', async () => {
    const e = await engineFor('oauth21');
    const other = await engineFor('oauth21');
    const good = String((await call(e, 'POST', '/token', cc('oauth21-demo-client', 'oauth21-demo-secret'))).body.access_token);
    const foreign = String((await call(other, 'POST', '/token', cc('oauth21-demo-client', 'oauth21-demo-secret'))).body.access_token);
    const [h, p] = good.split('.');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt' })).toString('base64url')}.${p}.`;
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...decodeJwt(good), scope: 'read write admin' })).toString('base64url')}.${good.split('.')[2]}`;
    for (const t of [none, foreign, tampered]) {
      const r = await call(e, 'GET', '/api/resource', { headers: { authorization: `Bearer ${t}` } });
      assert.equal(r.status, r.status === 400 ? 400 : 401, t);
      assert.match(r.headers.get('www-authenticate') ?? '', /error="invalid_(token|request)"/);
    }
  });
});

describe('protected resources (RFC 6750 §3)', () => {
  it('answer each failure as the RFC says', async () => {
    const e = await engineFor('oauth21');
    const token = String((await call(e, 'POST', '/token', cc('oauth21-demo-client', 'oauth21-demo-secret', { scope: 'read' }))).body.access_token);
    const none = await call(e, 'GET', '/api/resource');
    assert.equal(none.status, 401);
    assert.equal(none.headers.get('www-authenticate'), 'Bearer realm="oauth21"');
    const bad = await call(e, 'GET', '/api/resource', { bearer: 'not-a-token' });
    assert.equal(bad.status, 401);
    assert.match(bad.headers.get('www-authenticate') ?? '', /error="invalid_token"/);
    const lower = await call(e, 'GET', '/api/resource', { headers: { authorization: `bearer ${token}` } });
    assert.equal(lower.status, 200, 'scheme is case-insensitive');
    const scope = await call(e, 'POST', '/api/resource', { bearer: token });
    assert.equal(scope.status, 403);
    assert.match(scope.headers.get('www-authenticate') ?? '', /error="insufficient_scope", error_description="[^"]*", scope="write"/);
    const query = await call(e, 'GET', `/api/resource?access_token=${token}`);
    assert.equal(query.status, 400, 'strict profile refuses query tokens');
    const two = await call(e, 'GET', `/api/resource?access_token=${token}`, { bearer: token });
    assert.equal(two.status, 400);
    const malformed = await call(e, 'GET', '/api/resource', { headers: { authorization: 'Bearer a b c' } });
    assert.equal(malformed.status, 400);
    assert.match(malformed.headers.get('www-authenticate') ?? '', /error="invalid_request"/);
    e.admin.advanceClock(3601);
    const expired = await call(e, 'GET', '/api/resource', { bearer: token });
    assert.equal(expired.status, 401);
    assert.match(expired.headers.get('www-authenticate') ?? '', /error="invalid_token", error_description="the access token expired"/);
  });
  it('a revoked token is refused; revocation answers 200 for unknown tokens', async () => {
    const e = await engineFor('oauth21');
    const token = String((await call(e, 'POST', '/token', cc('oauth21-demo-client', 'oauth21-demo-secret'))).body.access_token);
    const rev = await call(e, 'POST', '/revoke', { form: { token, token_type_hint: 'refresh_token' }, basic: ['oauth21-demo-client', 'oauth21-demo-secret'] });
    assert.equal(rev.status, 200);
    assert.equal((await call(e, 'GET', '/api/resource', { bearer: token })).status, 401);
    assert.equal((await call(e, 'POST', '/revoke', { form: { token: 'unknown' }, basic: ['oauth21-demo-client', 'oauth21-demo-secret'] })).status, 200);
    assert.equal((await call(e, 'POST', '/revoke', { form: { token } })).status, 401, 'client auth required');
  });
});

describe('introspection and metadata', () => {
  it('introspection: active tokens described, expired/revoked/unknown {active:false}, client auth required', async () => {
    const e = await engineFor('oauth21');
    const token = String((await call(e, 'POST', '/token', cc('oauth21-demo-client', 'oauth21-demo-secret'))).body.access_token);
    const auth = { basic: ['oauth21-demo-client', 'oauth21-demo-secret'] as [string, string] };
    const active = await call(e, 'POST', '/introspect', { form: { token }, ...auth });
    assert.equal(active.body.active, true);
    assert.deepEqual(validate('introspection', active.body), []);
    assert.deepEqual((await call(e, 'POST', '/introspect', { form: { token: 'nope' }, ...auth })).body, { active: false });
    assert.equal((await call(e, 'POST', '/introspect', { form: { token } })).status, 401);
    e.admin.advanceClock(3601);
    assert.deepEqual((await call(e, 'POST', '/introspect', { form: { token }, ...auth })).body, { active: false });
  });
  it('metadata: RFC 8414 fields, issuer as configured', async () => {
    const e = await engineFor('oauth21', { issuer: 'https://auth.example.test' });
    const m = await call(e, 'GET', '/.well-known/oauth-authorization-server');
    assert.deepEqual(validate('metadata', m.body), []);
    assert.equal(m.body.issuer, 'https://auth.example.test');
    assert.equal(m.body.token_endpoint, 'https://auth.example.test/token');
    assert.deepEqual(m.body.code_challenge_methods_supported, ['S256']);
  });
});
