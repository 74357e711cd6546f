// DPoP (RFC 9449), pushed authorization requests (RFC 9126) and the fapi2 profile in the mock: each
// proof rule of §4.3 refuses with invalid_dpop_proof, bound tokens carry cnf.jkt and token_type DPoP,
// resources take them only with a proof by their key (§7), nonces (§8), codes bound by dpop_jkt (§10),
// public clients' refresh tokens bound (§5); PAR's request_uri once, for its client; and openid-client
// completes login, refresh and a resource call against fapi2 with DPoP, PAR and private_key_jwt.
import assert from 'node:assert/strict';
import { stat, readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { SignJWT, calculateJwkThumbprint, decodeJwt, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import * as oidc from 'openid-client';
import { sha256Base64url } from '../lib/platform/node.ts';
import { call, engineFor, origin, type Answer } from './engine-helpers.ts';
import { loadProfile } from '../lib/profiles.ts';
import { createEngine, type Engine } from '../mock-server/engine/index.ts';
import { openRedisStore, startMockServer } from '../mock-server/index.ts';
import { s256 } from '../mock-server/engine/flows/authorization-code.ts';
import { redisMissing, startRedis } from './redis-server.ts';
import { bin, tempFiles, waitForLine } from './helpers.ts';
import { spawn } from 'node:child_process';

interface DpopKey {
  privateKey: CryptoKey;
  jwk: JWK;
  jkt: string;
}

async function dpopKey(): Promise<DpopKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(publicKey);
  return { privateKey, jwk, jkt: await calculateJwkThumbprint(jwk) };
}

interface ProofShape {
  htm?: string;
  htu?: string;
  iat?: number;
  jti?: string;
  ath?: string;
  nonce?: string;
  typ?: string;
  /** Sign with this key while naming `key`'s jwk (a signature that does not verify). */
  signer?: CryptoKey;
  jwk?: JWK;
}

async function proof(key: DpopKey, url: string, o: ProofShape = {}): Promise<string> {
  return new SignJWT({ htm: o.htm ?? 'POST', htu: o.htu ?? url, jti: o.jti ?? crypto.randomUUID(), ...(o.ath ? { ath: o.ath } : {}), ...(o.nonce ? { nonce: o.nonce } : {}) })
    .setProtectedHeader({ alg: 'ES256', typ: o.typ ?? 'dpop+jwt', jwk: o.jwk ?? key.jwk })
    .setIssuedAt(o.iat ?? Math.floor(Date.now() / 1000))
    .sign(o.signer ?? key.privateKey);
}

const demo: [string, string] = ['oauth21-demo-client', 'oauth21-demo-secret'];

/** A client_credentials token of oauth21-extended, with a proof (the nonce dance done first) or without one. */
async function ccToken(e: Engine, key: DpopKey | undefined, shape: ProofShape = {}): Promise<Answer> {
  const send = async (nonce?: string) => call(e, 'POST', '/token', { form: { grant_type: 'client_credentials', scope: 'read' }, basic: demo, ...(key ? { headers: { dpop: await proof(key, `${origin}/token`, { ...shape, ...(nonce ? { nonce } : {}) }) } } : {}) });
  const first = await send(shape.nonce);
  if (first.body.error !== 'use_dpop_nonce') return first;
  return send(first.headers.get('dpop-nonce')!);
}

async function nonceOf(e: Engine, key: DpopKey): Promise<string> {
  const r = await call(e, 'POST', '/token', { form: { grant_type: 'client_credentials' }, basic: demo, headers: { dpop: await proof(key, `${origin}/token`) } });
  assert.equal(r.body.error, 'use_dpop_nonce', JSON.stringify(r.body));
  assert.equal(r.status, 400);
  return r.headers.get('dpop-nonce')!;
}

describe('DPoP in the mock (RFC 9449)', () => {
  it('binds a token to the proof’s key: token_type DPoP, cnf.jkt in the JWT and in introspection; without a proof a Bearer token', async () => {
    const e = await engineFor('oauth21-extended');
    const key = await dpopKey();
    const meta = (await call(e, 'GET', '/.well-known/oauth-authorization-server')).body;
    assert.deepEqual(meta.dpop_signing_alg_values_supported, ['ES256', 'PS256', 'RS256', 'EdDSA']);
    assert.equal(meta.pushed_authorization_request_endpoint, `${origin}/par`);
    assert.equal(meta.require_pushed_authorization_requests, false);
    const bound = await ccToken(e, key);
    assert.equal(bound.status, 200, JSON.stringify(bound.body));
    assert.equal(bound.body.token_type, 'DPoP');
    const token = String(bound.body.access_token);
    assert.deepEqual(decodeJwt(token).cnf, { jkt: key.jkt });
    const described = await call(e, 'POST', '/introspect', { form: { token }, basic: demo });
    assert.equal(described.body.token_type, 'DPoP');
    assert.deepEqual(described.body.cnf, { jkt: key.jkt });
    const plain = await ccToken(e, undefined);
    assert.equal(plain.body.token_type, 'Bearer');
    assert.equal(decodeJwt(String(plain.body.access_token)).cnf, undefined);
  });

  it('asks for a nonce (use_dpop_nonce with DPoP-Nonce) where the profile wants one, and takes the nonce it issued', async () => {
    const e = await engineFor('oauth21-extended');
    const key = await dpopKey();
    const nonce = await nonceOf(e, key);
    assert.match(nonce, /^[A-Za-z0-9_-]+$/);
    const ok = await ccToken(e, key, { nonce });
    assert.equal(ok.status, 200);
    const forged = await call(e, 'POST', '/token', { form: { grant_type: 'client_credentials' }, basic: demo, headers: { dpop: await proof(key, `${origin}/token`, { nonce: 'not-one-of-ours' }) } });
    assert.equal(forged.body.error, 'use_dpop_nonce');
    e.admin.advanceClock(600);
    const stale = await call(e, 'POST', '/token', { form: { grant_type: 'client_credentials' }, basic: demo, headers: { dpop: await proof(key, `${origin}/token`, { nonce }) } });
    assert.equal(stale.body.error, 'use_dpop_nonce', 'a nonce of ten minutes ago is stale');
    // The proof's iat is the client's clock, which moving the mock's does not move: a fresh nonce is all it needs.
    const renewed = await call(e, 'POST', '/token', { form: { grant_type: 'client_credentials' }, basic: demo, headers: { dpop: await proof(key, `${origin}/token`, { nonce: stale.headers.get('dpop-nonce')! }) } });
    assert.equal(renewed.status, 200, renewed.text);
  });

  it('refuses each proof §4.3 refuses, with invalid_dpop_proof', async () => {
    const e = await engineFor('oauth21-extended');
    const key = await dpopKey();
    const nonce = await nonceOf(e, key);
    const other = await dpopKey();
    const now = Math.floor(Date.now() / 1000);
    const replayed = await proof(key, `${origin}/token`, { nonce });
    assert.equal((await call(e, 'POST', '/token', { form: { grant_type: 'client_credentials' }, basic: demo, headers: { dpop: replayed } })).status, 200);
    const privateJwk = await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey);
    const hmac = await new SignJWT({ htm: 'POST', htu: `${origin}/token`, jti: 'x', nonce }).setProtectedHeader({ alg: 'HS256', typ: 'dpop+jwt', jwk: key.jwk }).setIssuedAt().sign(new TextEncoder().encode('a shared secret of 32 bytes or more!'));
    const cases: [string, string, RegExp][] = [
      ['another htu', await proof(key, 'https://elsewhere.example/token', { nonce }), /htu/],
      ['another htm', await proof(key, `${origin}/token`, { nonce, htm: 'GET' }), /htm/],
      ['an old iat', await proof(key, `${origin}/token`, { nonce, iat: now - 3600 }), /older than/],
      ['a future iat', await proof(key, `${origin}/token`, { nonce, iat: now + 3600 }), /future/],
      ['a replayed jti', replayed, /used already/],
      ['a signature by another key', await proof(key, `${origin}/token`, { nonce, signer: other.privateKey }), /signature/],
      ['another typ', await proof(key, `${origin}/token`, { nonce, typ: 'JWT' }), /typ/],
      ['a private jwk', await proof(key, `${origin}/token`, { nonce, jwk: privateJwk }), /private key/],
      ['an HMAC', hmac, /alg HS256/],
      ['not a JWT', 'not-a-jwt', /not a JWT/],
      ['two proofs', `${replayed}, ${replayed}`, /exactly one/],
    ];
    for (const [what, dpop, why] of cases) {
      const r = await call(e, 'POST', '/token', { form: { grant_type: 'client_credentials' }, basic: demo, headers: { dpop } });
      assert.equal(r.status, 400, what);
      assert.equal(r.body.error, 'invalid_dpop_proof', `${what}: ${JSON.stringify(r.body)}`);
      assert.match(String(r.body.error_description), why, what);
    }
  });

  it('resources take a bound token only with the DPoP scheme and a proof by its key that hashes it', async () => {
    const e = await engineFor('oauth21-extended');
    const key = await dpopKey();
    const nonce = await nonceOf(e, key);
    const token = String((await ccToken(e, key, { nonce })).body.access_token);
    const url = `${origin}/api/resource`;
    const get = (headers: Record<string, string>) => call(e, 'GET', '/api/resource', { headers });
    const ath = sha256Base64url(token);
    const ok = await get({ authorization: `DPoP ${token}`, dpop: await proof(key, url, { htm: 'GET', ath, nonce }) });
    assert.equal(ok.status, 200, ok.text);
    const asBearer = await get({ authorization: `Bearer ${token}` });
    assert.equal(asBearer.status, 401);
    assert.match(asBearer.headers.get('www-authenticate')!, /DPoP realm="oauth21", error="invalid_token".*algs="ES256 PS256 RS256 EdDSA"/);
    const other = await dpopKey();
    for (const [what, headers, why] of [
      ['a proof by another key', { authorization: `DPoP ${token}`, dpop: await proof(other, url, { htm: 'GET', ath, nonce }) }, /another key/],
      ['no ath', { authorization: `DPoP ${token}`, dpop: await proof(key, url, { htm: 'GET', nonce }) }, /no ath/],
      ['the ath of another token', { authorization: `DPoP ${token}`, dpop: await proof(key, url, { htm: 'GET', ath: sha256Base64url('another'), nonce }) }, /ath/],
      ['no proof', { authorization: `DPoP ${token}` }, /needs a DPoP proof/],
    ] as const) {
      const r = await get(headers);
      assert.equal(r.status, 401, what);
      const challenge = r.headers.get('www-authenticate')!;
      assert.match(challenge, /^Bearer realm="oauth21", DPoP realm="oauth21", error="invalid_dpop_proof"/, `${what}: ${challenge}`);
      assert.match(challenge, why, what);
    }
    const bare = await get({});
    assert.equal(bare.headers.get('www-authenticate'), 'Bearer realm="oauth21", DPoP realm="oauth21", algs="ES256 PS256 RS256 EdDSA"', 'RFC 9449 §7.1: both schemes offered');
    // An unbound token with the DPoP scheme is not a DPoP token.
    const plain = String((await ccToken(e, undefined)).body.access_token);
    const r = await get({ authorization: `DPoP ${plain}`, dpop: await proof(key, url, { htm: 'GET', ath: sha256Base64url(plain), nonce }) });
    assert.equal(r.status, 401);
  });

  it('binds a code by dpop_jkt (§10) and a public client’s refresh token to its key (§5)', async () => {
    const e = await engineFor('oauth21-extended');
    const key = await dpopKey();
    const other = await dpopKey();
    const nonce = await nonceOf(e, key);
    const verifier = 'v'.repeat(43);
    const redirect = 'http://127.0.0.1:8765/callback';
    const codeFor = async () => {
      const page = await call(e, 'GET', `/authorize?${new URLSearchParams({ response_type: 'code', client_id: 'oauth21-spa', redirect_uri: redirect, scope: 'read', code_challenge: s256(verifier), code_challenge_method: 'S256', dpop_jkt: key.jkt })}`);
      const pending = /name="pending" value="([^"]+)"/.exec(page.text)![1]!;
      await call(e, 'POST', '/authorize', { form: { pending, step: 'login', username: 'alice', password: 'alice-password' } });
      const done = await call(e, 'POST', '/authorize', { form: { pending, step: 'consent', decision: 'allow' } });
      return new URL(done.headers.get('location')!).searchParams.get('code')!;
    };
    const exchange = async (code: string, k: DpopKey | undefined) => call(e, 'POST', '/token', { form: { grant_type: 'authorization_code', code, client_id: 'oauth21-spa', redirect_uri: redirect, code_verifier: verifier }, ...(k ? { headers: { dpop: await proof(k, `${origin}/token`, { nonce }) } } : {}) });
    // A code presented with another key is spent all the same (whoever holds it without the key stole it).
    const wrong = await exchange(await codeFor(), other);
    assert.equal(wrong.body.error, 'invalid_grant', JSON.stringify(wrong.body));
    assert.match(String(wrong.body.error_description), /dpop_jkt/);
    assert.match(String((await exchange(await codeFor(), undefined)).body.error_description), /dpop_jkt/);
    const tokens = await exchange(await codeFor(), key);
    assert.equal(tokens.status, 200, JSON.stringify(tokens.body));
    assert.equal(tokens.body.token_type, 'DPoP');
    const refresh = async (k: DpopKey | undefined) => call(e, 'POST', '/token', { form: { grant_type: 'refresh_token', refresh_token: String(tokens.body.refresh_token), client_id: 'oauth21-spa' }, ...(k ? { headers: { dpop: await proof(k, `${origin}/token`, { nonce }) } } : {}) });
    assert.equal((await refresh(other)).body.error, 'invalid_grant', 'a proof by another key does not refresh a bound refresh token');
    assert.equal((await refresh(undefined)).body.error, 'invalid_grant', 'nor does no proof');
    const refreshed = await refresh(key);
    assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
    assert.deepEqual(decodeJwt(String(refreshed.body.access_token)).cnf, { jkt: key.jkt });
  });

  it('fault rules refuse a proof, ask for a nonce or refuse a client assertion on demand (client tests), only of requests that carry one', async () => {
    const e = await engineFor('fapi2');
    const key = await dpopKey();
    const client = e.demo.clients.find((c) => c.clientId === 'fapi2-client')!;
    const signing = (await importJWK(client.privateJwk as JWK, 'ES256')) as CryptoKey;
    const assertion = () => new SignJWT({}).setProtectedHeader({ alg: 'ES256' }).setIssuer(client.clientId).setSubject(client.clientId).setAudience(origin).setIssuedAt().setExpirationTime('1m').setJti(crypto.randomUUID()).sign(signing);
    const token = async (nonce?: string) => call(e, 'POST', '/token', { form: { grant_type: 'client_credentials', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: await assertion() }, headers: { dpop: await proof(key, `${origin}/token`, nonce ? { nonce } : {}) } });
    e.admin.addFault({ method: 'POST', path: '/token', dpop: 'use-nonce', times: 1 });
    const asked = await token();
    assert.equal(asked.status, 400);
    assert.equal(asked.body.error, 'use_dpop_nonce');
    const ok = await token(asked.headers.get('dpop-nonce')!);
    assert.equal(ok.status, 200, ok.text);
    e.admin.addFault({ path: '/api/resource', dpop: 'refuse-proof', times: 1 });
    // A request without a proof is not the rule's: it gets the resource's own answer (and leaves the rule).
    assert.match((await call(e, 'GET', '/api/resource')).headers.get('www-authenticate')!, /^DPoP realm="fapi2", algs=/);
    const at = String(ok.body.access_token);
    const refused = await call(e, 'GET', '/api/resource', { headers: { authorization: `DPoP ${at}`, dpop: await proof(key, `${origin}/api/resource`, { htm: 'GET', ath: sha256Base64url(at) }) } });
    assert.equal(refused.status, 401);
    assert.match(refused.headers.get('www-authenticate')!, /error="invalid_dpop_proof"/);
    const served = await call(e, 'GET', '/api/resource', { headers: { authorization: `DPoP ${at}`, dpop: await proof(key, `${origin}/api/resource`, { htm: 'GET', ath: sha256Base64url(at) }) } });
    assert.equal(served.status, 200, 'the rule applied once');
    // A client's next assertion refused as if its aud were another server's (RFC 7523 §3.2: invalid_client).
    e.admin.addFault({ method: 'POST', path: '/token', clientAssertion: 'wrong-aud', times: 1 });
    const spoiled = await token(asked.headers.get('dpop-nonce')!);
    assert.equal(spoiled.body.error, 'invalid_client');
    assert.match(String(spoiled.body.error_description), /aud/);
    assert.equal((await token()).status, 200, 'the rule applied once');
  });

  it('takes a proof once across two instances over one Redis (20 concurrent presentations)', { skip: redisMissing() }, async () => {
    const redis = await startRedis();
    try {
      const stores = [await openRedisStore(redis.url, 'dpop-test'), await openRedisStore(redis.url, 'dpop-test')];
      const signing = await (await engineFor('oauth21')).key();
      // oauth21 with DPoP, no nonce: each instance must refuse what the other took.
      const profile = { ...loadProfile('oauth21'), dpop: { algs: ['ES256'], nonce: false, maxAge: 120, required: false, bearer: true } };
      const dpopEngines = await Promise.all(stores.map((store) => createEngine({ profile, store, key: signing })));
      const key = await dpopKey();
      const p = await proof(key, `${origin}/token`);
      const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => call(dpopEngines[i % 2]!, 'POST', '/token', { form: { grant_type: 'client_credentials' }, basic: demo, headers: { dpop: p } })));
      assert.equal(answers.filter((r) => r.status === 200).length, 1, answers.map((r) => r.status).join(' '));
      assert.ok(answers.every((r) => r.status === 200 || r.body.error === 'invalid_dpop_proof'));
      await Promise.all(stores.map((s) => s.close()));
    } finally {
      await redis.stop();
    }
  });
});

describe('pushed authorization requests in the mock (RFC 9126)', () => {
  it('answers 201 with a request_uri used once, by its client only; refuses an unauthenticated confidential client', async () => {
    const e = await engineFor('oauth21-extended');
    const verifier = 'w'.repeat(43);
    const request = { response_type: 'code', redirect_uri: 'http://127.0.0.1:8765/callback', scope: 'read', code_challenge: s256(verifier), code_challenge_method: 'S256' };
    const pushed = await call(e, 'POST', '/par', { form: request, basic: demo });
    assert.equal(pushed.status, 201, pushed.text);
    assert.equal(pushed.body.expires_in, 60);
    assert.match(String(pushed.body.request_uri), /^urn:ietf:params:oauth:request_uri:/);
    const uri = encodeURIComponent(String(pushed.body.request_uri));
    const stranger = await call(e, 'GET', `/authorize?client_id=oauth21-spa&request_uri=${uri}`);
    assert.equal(stranger.status, 400, 'another client’s request_uri is refused (and not consumed)');
    assert.match(stranger.text, /another client/);
    const first = await call(e, 'GET', `/authorize?client_id=${demo[0]}&request_uri=${uri}`);
    assert.equal(first.status, 200);
    assert.match(first.text, /name="pending"/);
    const again = await call(e, 'GET', `/authorize?client_id=${demo[0]}&request_uri=${uri}`);
    assert.equal(again.status, 400);
    assert.match(again.text, /used already/);
    const anonymous = await call(e, 'POST', '/par', { form: { ...request, client_id: demo[0] } });
    assert.equal(anonymous.status, 401, 'RFC 9126 §2: the client authenticates as at the token endpoint');
    assert.equal(anonymous.body.error, 'invalid_client');
    const bad = await call(e, 'POST', '/par', { form: { ...request, redirect_uri: 'https://evil.example/cb' }, basic: demo });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error, 'invalid_request');
    const withUri = await call(e, 'POST', '/par', { form: { ...request, request_uri: 'urn:x' }, basic: demo });
    assert.match(String(withUri.body.error_description), /must not be pushed/);
  });

  it('fapi2: refuses a request not pushed, and a token request without a proof; the demo client’s key is made at start', async () => {
    const e = await engineFor('fapi2');
    const client = e.demo.clients.find((c) => c.clientId === 'fapi2-client')!;
    assert.equal(client.privateJwk?.kty, 'EC', 'the engine made the demo client’s key');
    assert.notDeepEqual(client.privateJwk, (await engineFor('fapi2')).demo.clients[0]!.privateJwk, 'a new key each start');
    const plain = await call(e, 'GET', `/authorize?${new URLSearchParams({ response_type: 'code', client_id: 'fapi2-client', redirect_uri: 'http://127.0.0.1:8765/callback', code_challenge: s256('x'.repeat(43)), code_challenge_method: 'S256' })}`);
    assert.equal(plain.status, 303);
    assert.equal(new URL(plain.headers.get('location')!).searchParams.get('error'), 'invalid_request');
    const key = (await importJWK(client.privateJwk as JWK, 'ES256')) as CryptoKey;
    const assertion = await new SignJWT({}).setProtectedHeader({ alg: 'ES256' }).setIssuer(client.clientId).setSubject(client.clientId).setAudience(origin).setIssuedAt().setExpirationTime('1m').setJti(crypto.randomUUID()).sign(key);
    const r = await call(e, 'POST', '/token', { form: { grant_type: 'client_credentials', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion } });
    assert.equal(r.body.error, 'invalid_dpop_proof', JSON.stringify(r.body));
    assert.match(String(r.body.error_description), /DPoP-bound tokens only/);
  });

  it('openid-client completes PAR, login, the code exchange, a refresh and a resource call against mock --profile fapi2 (DPoP, private_key_jwt)', async () => {
    const mock = await startMockServer({ profile: 'fapi2', port: 0 });
    try {
      const c = mock.engine.demo.clients.find((x) => x.clientId === 'fapi2-client')!;
      const jwk = c.privateJwk as JWK;
      const config = await oidc.discovery(new URL(mock.url), c.clientId, {}, oidc.PrivateKeyJwt({ key: (await importJWK(jwk, 'ES256')) as CryptoKey, kid: jwk.kid! }), { execute: [oidc.allowInsecureRequests], algorithm: 'oauth2' });
      const dpop = oidc.getDPoPHandle(config, await oidc.randomDPoPKeyPair('ES256'));
      const verifier = oidc.randomPKCECodeVerifier();
      const redirect = 'http://127.0.0.1:8765/callback';
      const url = await oidc.buildAuthorizationUrlWithPAR(config, { redirect_uri: redirect, scope: 'read', code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', state: 's1' }, { DPoP: dpop });
      // The user: the login and consent pages, as a browser would post them.
      const page = await fetch(url, { redirect: 'manual' });
      const pending = /name="pending" value="([^"]+)"/.exec(await page.text())![1]!;
      const form = (f: Record<string, string>) => fetch(`${mock.url}/authorize`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(f) });
      await form({ pending, step: 'login', username: 'alice', password: 'alice-password' });
      const back = await form({ pending, step: 'consent', decision: 'allow' });
      const tokens = await oidc.authorizationCodeGrant(config, new URL(back.headers.get('location')!), { pkceCodeVerifier: verifier, expectedState: 's1' }, undefined, { DPoP: dpop });
      assert.equal(tokens.token_type, 'dpop');
      const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!, undefined, { DPoP: dpop });
      assert.equal(refreshed.token_type, 'dpop');
      const api = await oidc.fetchProtectedResource(config, refreshed.access_token, new URL(`${mock.url}/api/resource`), 'GET', undefined, undefined, { DPoP: dpop });
      assert.equal(api.status, 200, await api.clone().text());
      const stolen = await fetch(`${mock.url}/api/resource`, { headers: { authorization: `Bearer ${refreshed.access_token}` } });
      assert.equal(stolen.status, 401, 'the bound token is no bearer token');
    } finally {
      await mock.close();
    }
  });

  it('MSW serves fapi2 in process: a private_key_jwt client gets a DPoP-bound token and calls the resource with it', async () => {
    const { setupServer } = await import('msw/node');
    const { createAuthHandlers } = await import('../mock-server/msw.ts');
    const at = 'https://fapi.example.test';
    const auth = await createAuthHandlers({ profile: 'fapi2', baseUrl: at });
    const server = setupServer(...auth.handlers);
    server.listen({ onUnhandledRequest: 'error' });
    try {
      const client = auth.engine.demo.clients.find((c) => c.clientId === 'fapi2-client')!;
      const signing = (await importJWK(client.privateJwk as JWK, 'ES256')) as CryptoKey;
      const assertion = await new SignJWT({}).setProtectedHeader({ alg: 'ES256' }).setIssuer(client.clientId).setSubject(client.clientId).setAudience(at).setIssuedAt().setExpirationTime('1m').setJti(crypto.randomUUID()).sign(signing);
      const key = await dpopKey();
      const pushed = await fetch(`${at}/par`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ response_type: 'code', redirect_uri: 'http://127.0.0.1:8765/callback', code_challenge: s256('p'.repeat(43)), code_challenge_method: 'S256', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion }) });
      assert.equal(pushed.status, 201, await pushed.clone().text());
      const again = await new SignJWT({}).setProtectedHeader({ alg: 'ES256' }).setIssuer(client.clientId).setSubject(client.clientId).setAudience(at).setIssuedAt().setExpirationTime('1m').setJti(crypto.randomUUID()).sign(signing);
      const r = await fetch(`${at}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', dpop: await proof(key, `${at}/token`) }, body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'read', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: again }) });
      const body = (await r.json()) as { access_token: string; token_type: string };
      assert.equal(body.token_type, 'DPoP');
      const api = await fetch(`${at}/api/resource`, { headers: { authorization: `DPoP ${body.access_token}`, dpop: await proof(key, `${at}/api/resource`, { htm: 'GET', ath: sha256Base64url(body.access_token) }) } });
      assert.equal(api.status, 200, await api.clone().text());
    } finally {
      server.close();
    }
  });

  it('mock --profile fapi2 writes the demo client’s private key to a 0600 file the banner names, and removes it at exit', async () => {
    const child = spawn(process.execPath, [bin, 'mock', '--profile', 'fapi2', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const m = await waitForLine(child, /fapi2-client {2}\(private_key_jwt; its private key, made at start: (\S+)\)/, 'the banner');
      const file = m[1]!;
      assert.equal((await stat(file)).mode & 0o777, 0o600);
      const jwk = JSON.parse(await readFile(file, 'utf8')) as JWK;
      assert.equal(jwk.kty, 'EC');
      assert.ok(jwk.d, 'the private key');
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      await assert.rejects(stat(file), 'the mock removes the key file it wrote');
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('a mock stopped the moment its banner appears still removes the key file (the stop handler is in place before the banner)', async () => {
    // Five tries: before the fix about half of them left the file behind.
    for (let i = 0; i < 5; i++) {
      const child = spawn(process.execPath, [bin, 'mock', '--profile', 'fapi2', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
      try {
        const m = await waitForLine(child, /its private key, made at start: (\S+)\)/, 'the banner');
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
        await assert.rejects(stat(m[1]!), `try ${i + 1}: the mock removes the key file it wrote`);
      } finally {
        child.kill('SIGKILL');
      }
    }
  });

  it('mock --client-jwks FILE registers the user’s own key (public keys only)', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const dir = tempFiles({ 'client.jwks.json': { keys: [{ ...(await exportJWK(publicKey)), kid: 'mine', alg: 'ES256' }] }, 'private.jwks.json': { keys: [await exportJWK(privateKey)] } });
    const refused = spawn(process.execPath, [bin, 'mock', '--profile', 'fapi2', '--client-jwks', `${dir}/private.jwks.json`], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    refused.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise((r) => refused.once('exit', r));
    assert.equal(code, 2);
    assert.match(err, /\/keys\/0 holds private key material/);
    const child = spawn(process.execPath, [bin, 'mock', '--profile', 'fapi2', '--port', '0', '--client-jwks', `${dir}/client.jwks.json`], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const m = await waitForLine(child, /ready at (\S+)[\s\S]*fapi2-client {2}\(private_key_jwt; your keys\)/, 'the banner with the client line');
      const base = m[1]!;
      const assertion = await new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid: 'mine' }).setIssuer('fapi2-client').setSubject('fapi2-client').setAudience(base).setIssuedAt().setExpirationTime('1m').setJti(crypto.randomUUID()).sign(privateKey);
      const key = await dpopKey();
      const r = await fetch(`${base}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', dpop: await proof(key, `${base}/token`) }, body: new URLSearchParams({ grant_type: 'client_credentials', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion }) });
      assert.equal(r.status, 200, await r.clone().text());
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  });
});
