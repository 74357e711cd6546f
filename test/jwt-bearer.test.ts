// RFC 7523 §2.1 in the mock: a trusted issuer's assertion gets a token, each §3 rule refuses with
// invalid_grant (§3.1), a jti is used once (across two instances over one Redis), an issuer's keys may be
// published at a jwks_uri; openid-client and MSW present assertions too, and a drafted profile finds it.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { describe, it } from 'node:test';
import { SignJWT, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import * as oidc from 'openid-client';
import { call, engineFor, withMsw } from './engine-helpers.ts';
import { redisMissing, startRedis } from './redis-server.ts';
import { loadProfile, resolveProfile } from '../lib/profiles.ts';
import { createEngine } from '../mock-server/engine/index.ts';
import { openRedisStore, startMockServer } from '../mock-server/index.ts';
import { draftProfile } from '../suites/discovery/draft.ts';

const grantType = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const demo: [string, string] = ['oauth21-demo-client', 'oauth21-demo-secret'];
const origin = 'http://127.0.0.1:9999';
const demoKey = loadProfile('oauth21-extended').mock.assertionKeys![0]!;

interface Shape {
  iss?: string;
  sub?: string;
  aud?: string | string[];
  exp?: number | null;
  jti?: string | null;
  key?: Parameters<SignJWT['sign']>[0];
  alg?: string;
  kid?: string;
}

async function assertion(s: Shape = {}, now = Math.floor(Date.now() / 1000)): Promise<string> {
  const jwt = new SignJWT({ ...(s.jti === null ? {} : { jti: s.jti ?? crypto.randomUUID() }) })
    .setProtectedHeader({ alg: s.alg ?? 'ES256', kid: s.kid ?? demoKey.privateJwk.kid! })
    .setIssuer(s.iss ?? demoKey.issuer)
    .setSubject(s.sub ?? demoKey.subject)
    .setAudience(s.aud ?? origin)
    .setIssuedAt(now);
  if (s.exp !== null) jwt.setExpirationTime(now + (s.exp ?? 120));
  return jwt.sign(s.key ?? (await importJWK(demoKey.privateJwk as JWK, 'ES256')));
}

describe('JWT bearer grant (RFC 7523 §2.1) in the mock', () => {
  it('takes a trusted issuer’s assertion (aud: issuer or token endpoint) and refuses each broken one with invalid_grant', async () => {
    const e = await engineFor('oauth21-extended');
    const meta = (await call(e, 'GET', '/.well-known/oauth-authorization-server')).body;
    assert.ok((meta.grant_types_supported as string[]).includes(grantType));
    const present = (a: string, basic: [string, string] = demo) => call(e, 'POST', '/token', { form: { grant_type: grantType, assertion: a, scope: 'read' }, basic });
    const ok = await present(await assertion());
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    const claims = JSON.parse(Buffer.from(String(ok.body.access_token).split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    assert.equal(claims.sub, demoKey.subject, 'the token is for the assertion’s subject');
    assert.equal(claims.client_id, 'oauth21-demo-client');
    assert.equal(ok.body.refresh_token, undefined, 'no refresh token: the assertion is presented again');
    assert.equal((await present(await assertion({ aud: `${origin}/token` }))).status, 200, 'the token endpoint’s URL is its identity too (§3 item 3)');
    const stranger = await generateKeyPair('ES256');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${Buffer.from(JSON.stringify({ iss: demoKey.issuer, sub: 'x', aud: origin, exp: Math.floor(Date.now() / 1000) + 60, jti: 'n' })).toString('base64url')}.`;
    const cases: [string, string, RegExp][] = [
      ['another audience', await assertion({ aud: 'https://elsewhere.example' }), /aud/],
      ['expired', await assertion({ exp: -600 }), /expired/],
      ['signed with another key', await assertion({ key: stranger.privateKey }), /signature|keys/],
      ['an unknown issuer', await assertion({ iss: 'https://unknown.example', key: stranger.privateKey }), /not trusted/],
      ['no exp', await assertion({ exp: null }), /exp/],
      ['no jti (this profile requires one)', await assertion({ jti: null }), /jti/],
      ['living longer than maxLifetime', await assertion({ exp: 3600 }), /longer than the 300 s/],
      ['alg none', none, /alg none is not one this server takes/],
      ['not a JWT', 'not-a-jwt', /not a JWT/],
    ];
    for (const [what, a, why] of cases) {
      const r = await present(a);
      assert.equal(r.status, 400, what);
      assert.equal(r.body.error, 'invalid_grant', `${what}: ${JSON.stringify(r.body)}`);
      assert.match(String(r.body.error_description), why, what);
    }
    const once = await assertion();
    assert.equal((await present(once)).status, 200);
    const again = await present(once);
    assert.equal(again.body.error, 'invalid_grant', 'a jti is used once');
    assert.match(String(again.body.error_description), /used already/);
    assert.equal((await call(e, 'POST', '/token', { form: { grant_type: grantType }, basic: demo })).body.error, 'invalid_request', 'no assertion at all');
    assert.equal((await present(await assertion(), ['oauth21-cc-only-client', 'oauth21-cc-only-secret'])).body.error, 'unauthorized_client');
    // The engine's clock judges exp: a valid assertion is expired once the clock moves past it.
    const later = await assertion();
    e.admin.advanceClock(400);
    assert.equal((await present(later)).body.error, 'invalid_grant');
  });

  it('an issuer’s keys may live at a jwks_uri; its subjects may be limited', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'rs-1', alg: 'RS256', use: 'sig' };
    let fetched = 0;
    const server = createServer((_req, res) => {
      fetched++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as { port: number }).port;
      const profile = resolveProfile({ id: 'wif', extends: 'oauth21-extended', title: 'workload identity', jwtBearer: { issuers: [{ issuer: 'https://token.actions.example', jwksUri: `http://127.0.0.1:${port}/jwks`, subjects: ['repo:acme/app'] }] }, mock: { assertionKeys: null } } as never, 'wif (test)');
      const e = await createEngine({ profile });
      const present = async (sub: string) => call(e, 'POST', '/token', { form: { grant_type: grantType, assertion: await assertion({ iss: 'https://token.actions.example', sub, key: privateKey, alg: 'RS256', kid: 'rs-1' }) }, basic: demo });
      const ok = await present('repo:acme/app');
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.equal(fetched, 1, 'the JWK Set was fetched from its jwks_uri');
      const other = await present('repo:acme/other');
      assert.equal(other.body.error, 'invalid_grant');
      assert.match(String(other.body.error_description), /may not assert the subject/);
      assert.equal((await call(e, 'POST', '/token', { form: { grant_type: grantType, assertion: await assertion() }, basic: demo })).body.error, 'invalid_grant', 'the built-in demo issuer is not trusted by this profile');
    } finally {
      server.close();
    }
  });

  it('one assertion is taken once across two instances over one Redis (20 concurrent presentations)', { skip: redisMissing() }, async () => {
    const redis = await startRedis();
    try {
      const stores = [await openRedisStore(redis.url, 'jwt-bearer-test'), await openRedisStore(redis.url, 'jwt-bearer-test')];
      const engines = await Promise.all(stores.map((store) => createEngine({ profile: loadProfile('oauth21-extended'), store })));
      const a = await assertion();
      const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => call(engines[i % 2]!, 'POST', '/token', { form: { grant_type: grantType, assertion: a }, basic: demo })));
      assert.equal(answers.filter((r) => r.status === 200).length, 1, answers.map((r) => r.status).join(' '));
      assert.ok(answers.every((r) => r.status === 200 || r.body.error === 'invalid_grant'));
      await Promise.all(stores.map((s) => s.close()));
    } finally {
      await redis.stop();
    }
  });

  it('openid-client presents an assertion with its generic grant request; MSW serves the grant; a drafted profile finds it', async () => {
    const mock = await startMockServer({ profile: 'oauth21-extended', port: 0 });
    try {
      const config = await oidc.discovery(new URL(mock.url), demo[0], demo[1], oidc.ClientSecretBasic(demo[1]), { execute: [oidc.allowInsecureRequests], algorithm: 'oauth2' });
      const tokens = await oidc.genericGrantRequest(config, grantType, { assertion: await assertion({ aud: mock.url }), scope: 'read' });
      assert.equal(tokens.token_type.toLowerCase(), 'bearer');
      const api = await oidc.fetchProtectedResource(config, tokens.access_token, new URL(`${mock.url}/api/resource`), 'GET');
      assert.equal(api.status, 200);
      await assert.rejects(oidc.genericGrantRequest(config, grantType, { assertion: await assertion({ aud: 'https://elsewhere.example' }) }), (err: unknown) => (err as { error?: string }).error === 'invalid_grant');
    } finally {
      await mock.close();
    }
    await withMsw('oauth21-extended', async (at) => {
      const r = await fetch(`${at}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(demo.join(':')).toString('base64')}` }, body: new URLSearchParams({ grant_type: grantType, assertion: await assertion({ aud: at }) }) });
      assert.equal(r.status, 200, await r.clone().text());
    });
    const base = { issuer: 'https://as.example.test', oauthMetadataUrl: 'https://as.example.test/.well-known/oauth-authorization-server', tried: [] };
    const resolved = resolveProfile(draftProfile({ ...base, metadata: { issuer: base.issuer, token_endpoint: `${base.issuer}/token`, grant_types_supported: ['client_credentials', grantType] } }, {}, 'as').profile, 'draft');
    assert.deepEqual(resolved.grants.map((g) => g.type), ['client_credentials', 'jwt_bearer']);
  });
});
