// private_key_jwt in the mock (RFC 7523 §2.2, OpenID Connect Core §9): a client signs a JWT with its
// own key instead of sending a secret; each assertion §3 refuses is invalid_client (§3.2); openid-client
// authenticates with it for client_credentials and introspection; the metadata says so.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SignJWT, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import * as oidc from 'openid-client';
import { call, engineFor, origin } from './engine-helpers.ts';
import { loadProfile, resolveProfile } from '../lib/profiles.ts';
import { createEngine } from '../mock-server/engine/index.ts';
import { startMockServer } from '../mock-server/index.ts';

const type = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const workload = loadProfile('oauth21-extended').mock.clients.find((c) => c.clientId === 'oauth21-workload')!;
const jwk = workload.privateJwk as JWK;

async function assertion(o: { aud?: string; exp?: number; jti?: string; iss?: string; sub?: string; key?: Parameters<SignJWT['sign']>[0] } = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', kid: jwk.kid! })
    .setIssuer(o.iss ?? workload.clientId)
    .setSubject(o.sub ?? workload.clientId)
    .setAudience(o.aud ?? `${origin}/token`)
    .setIssuedAt(now)
    .setExpirationTime(now + (o.exp ?? 60))
    .setJti(o.jti ?? crypto.randomUUID())
    .sign(o.key ?? (await importJWK(jwk, 'ES256')));
}

describe('private_key_jwt client authentication in the mock', () => {
  it('takes a client assertion for client_credentials and introspection, and refuses each broken one with invalid_client', async () => {
    const e = await engineFor('oauth21-extended');
    const meta = (await call(e, 'GET', '/.well-known/oauth-authorization-server')).body;
    assert.ok((meta.token_endpoint_auth_methods_supported as string[]).includes('private_key_jwt'));
    assert.ok((meta.token_endpoint_auth_signing_alg_values_supported as string[]).includes('ES256'), 'RFC 8414 §2: present with private_key_jwt');
    const grant = (a: string, extra: Record<string, string> = {}) => call(e, 'POST', '/token', { form: { grant_type: 'client_credentials', client_assertion_type: type, client_assertion: a, ...extra } });
    for (const aud of [`${origin}/token`, origin]) {
      const ok = await grant(await assertion({ aud }));
      assert.equal(ok.status, 200, `aud ${aud}: ${JSON.stringify(ok.body)}`);
    }
    const token = String((await grant(await assertion())).body.access_token);
    const described = await call(e, 'POST', '/introspect', { form: { token, client_assertion_type: type, client_assertion: await assertion({ aud: `${origin}/introspect` }) } });
    assert.equal(described.body.active, true, 'introspection authenticates the client the same way (aud: its own URL)');
    const stranger = await generateKeyPair('ES256');
    const used = await assertion();
    assert.equal((await grant(used)).status, 200);
    const cases: [string, Promise<{ status: number; body: Record<string, unknown> }>, RegExp][] = [
      ['another audience', grant(await assertion({ aud: 'https://elsewhere.example' })), /aud/],
      ['expired', grant(await assertion({ exp: -600 })), /expired/],
      ['signed with another key', grant(await assertion({ key: stranger.privateKey })), /signature|keys/],
      ['replayed', grant(used), /used already/],
      ['living too long', grant(await assertion({ exp: 3600 })), /longer than the 300 s/],
      ['a wrong client_assertion_type', grant(await assertion(), { client_assertion_type: 'urn:example:other' }), /client_assertion_type must be/],
      ['iss is not the client', grant(await assertion({ iss: 'someone-else' })), /not trusted/],
      ['a client without keys', grant(await assertion({ iss: 'oauth21-demo-client', sub: 'oauth21-demo-client' })), /no keys registered/],
    ];
    for (const [what, pending, why] of cases) {
      const r = await pending;
      assert.equal(r.body.error, 'invalid_client', `${what}: ${JSON.stringify(r.body)}`);
      assert.match(String(r.body.error_description), why, what);
    }
    const both = await call(e, 'POST', '/token', { form: { grant_type: 'client_credentials', client_assertion_type: type, client_assertion: await assertion() }, basic: ['oauth21-demo-client', 'oauth21-demo-secret'] });
    assert.equal(both.body.error, 'invalid_request', 'one method at a time (RFC 6749 §2.3)');
    const asPublic = await call(e, 'POST', '/token', { form: { grant_type: 'client_credentials', client_id: workload.clientId } });
    assert.equal(asPublic.body.error, 'invalid_client', 'a client with keys cannot pass for a public one');
  });

  it('openid-client authenticates with PrivateKeyJwt for client_credentials and introspection against the running mock', async () => {
    const mock = await startMockServer({ profile: 'oauth21-extended', port: 0 });
    try {
      const key = await importJWK(jwk, 'ES256');
      const config = await oidc.discovery(new URL(mock.url), workload.clientId, undefined, oidc.PrivateKeyJwt({ key: key as CryptoKey, kid: jwk.kid! }), { execute: [oidc.allowInsecureRequests], algorithm: 'oauth2' });
      const tokens = await oidc.clientCredentialsGrant(config, { scope: 'read' });
      assert.equal(tokens.token_type.toLowerCase(), 'bearer');
      const described = await oidc.tokenIntrospection(config, tokens.access_token);
      assert.equal(described.active, true);
      assert.equal(described.client_id, workload.clientId);
      const sent = mock.admin.requests().filter((r) => r.path === '/token' || r.path === '/introspect');
      assert.ok(sent.length >= 2 && sent.every((r) => r.body.includes('client_assertion=') && !r.body.includes('client_secret')), 'no secret was sent');
      // A client assertion is a credential until it expires: recordings keep its fingerprint only.
      assert.ok(sent.every((r) => /client_assertion=\[redacted [\w-]{10}\]/.test(r.body)), sent.map((r) => r.body.slice(0, 200)).join('\n'));
    } finally {
      await mock.close();
    }
  });

  it('dynamic registration (RFC 7591) takes a private_key_jwt client with its public keys, and it authenticates at once', async () => {
    const profile = resolveProfile({ id: 'dcr-jwt', extends: 'oauth21-extended', title: 'registration of private_key_jwt clients', endpoints: { clientRegistration: { path: '/register' } }, clientRegistration: {} }, 'dcr-jwt (test)');
    const e = await createEngine({ profile });
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    const pub = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' };
    const register = (doc: Record<string, unknown>) => call(e, 'POST', '/register', { json: { grant_types: ['client_credentials'], token_endpoint_auth_method: 'private_key_jwt', ...doc } });
    const r = await register({ jwks: { keys: [pub] } });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.client_secret, undefined, 'no secret for a client that signs');
    assert.deepEqual(r.body.jwks, { keys: [pub] });
    const id = String(r.body.client_id);
    const now = Math.floor(Date.now() / 1000);
    const a = await new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setIssuer(id).setSubject(id).setAudience(`${origin}/token`).setIssuedAt(now).setExpirationTime(now + 60).setJti(crypto.randomUUID()).sign(privateKey);
    const t = await call(e, 'POST', '/token', { form: { grant_type: 'client_credentials', client_assertion_type: type, client_assertion: a } });
    assert.equal(t.status, 200, JSON.stringify(t.body));
    const refused: [string, Record<string, unknown>][] = [
      ['no keys', {}],
      ['both jwks and jwks_uri', { jwks: { keys: [pub] }, jwks_uri: 'https://client.example/jwks' }],
      ['a private key', { jwks: { keys: [await exportJWK(privateKey)] } }],
      ['jwks_uri over plain http to another host', { jwks_uri: 'http://client.example/jwks' }],
      ['a JWK without kty', { jwks: { keys: [{ x: '1' }] } }],
    ];
    for (const [what, doc] of refused) assert.equal((await register(doc)).body.error, 'invalid_client_metadata', what);
    assert.equal((await register({ jwks_uri: 'https://client.example/jwks' })).status, 201, 'an https jwks_uri');
  });
});
