// Every success and error response of every endpoint of every built-in profile validates against its
// schema, with the headers the RFCs ask for.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinProfileIds } from '../lib/profiles.ts';
import type { ResolvedGrant } from '../lib/resolved-profile.ts';
import { validate } from '../lib/validator.ts';
import type { SchemaName } from '../lib/schema-files.ts';
import { SignJWT, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { sha256Base64url } from '../lib/platform/node.ts';
import { authorizeCode, call, engineFor, origin, type Answer, type Call } from './engine-helpers.ts';

type E = Awaited<ReturnType<typeof engineFor>>;

function assertShape(r: Answer, schema: SchemaName, what: string) {
  assert.match(r.headers.get('content-type') ?? '', /json/, `${what}: JSON content type`);
  assert.deepEqual(validate(schema, r.body), [], `${what}: ${r.text}`);
}

/**
 * A grant request as the profile's client authenticates it: Basic with a secret, else a private_key_jwt
 * assertion (fapi2's clients); where the profile requires DPoP, with a proof (RFC 9449 §5).
 */
async function grantCall(e: E, g: ResolvedGrant, fields: Record<string, string>, withClient = true): Promise<Call> {
  const client = e.demo.clients.find((c) => !c.grants || c.grants.includes(g.type));
  const path = e.profile.endpoints[g.endpoint]!.path;
  const asserted: Record<string, string> = withClient && client && !client.clientSecret && client.privateJwk ? { client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: await clientAssertion(client.clientId, client.privateJwk as JWK, `${origin}${path}`) } : {};
  const body: Record<string, string> = { ...(g.grantTypeParameter ? { grant_type: g.type } : {}), ...asserted, ...fields };
  return {
    ...(g.encoding === 'json' ? { json: body } : { form: body }),
    ...(withClient && client?.clientSecret ? { basic: [client.clientId, client.clientSecret] as [string, string] } : {}),
    ...(e.profile.dpop?.required ? { headers: { dpop: await proofFor('POST', `${origin}${path}`) } } : {}),
  };
}

const proofKey = generateKeyPair('ES256', { extractable: true });

async function proofFor(htm: string, htu: string, accessToken?: string): Promise<string> {
  const { privateKey, publicKey } = await proofKey;
  return new SignJWT({ htm, htu, jti: crypto.randomUUID(), ...(accessToken ? { ath: sha256Base64url(accessToken) } : {}) }).setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: await exportJWK(publicKey) }).setIssuedAt().sign(privateKey);
}

async function clientAssertion(clientId: string, jwk: JWK, aud: string): Promise<string> {
  return new SignJWT({}).setProtectedHeader({ alg: String(jwk.alg ?? 'ES256'), kid: jwk.kid }).setIssuer(clientId).setSubject(clientId).setAudience(aud).setIssuedAt().setExpirationTime('1m').setJti(crypto.randomUUID()).sign(await importJWK(jwk, String(jwk.alg ?? 'ES256')));
}

async function successFor(e: E, g: ResolvedGrant): Promise<Answer | undefined> {
  const f = g.fields;
  const path = e.profile.endpoints[g.endpoint]!.path;
  switch (g.type) {
    case 'client_credentials':
      return call(e, 'POST', path, await grantCall(e, g, {}));
    case 'password':
      return call(e, 'POST', path, await grantCall(e, g, { [f.username]: e.demo.users[0]!.username, [f.password]: e.demo.users[0]!.password }));
    case 'api_key':
      return call(e, 'POST', path, await grantCall(e, g, { [f.apiKey]: e.demo.apiKeys[0]!.key }));
    case 'authorization_code': {
      // A profile that takes pushed requests only: its code flow is driven by openid-client in dpop.test.ts.
      if (e.profile.par?.required) return undefined;
      const client = e.demo.clients.find((c) => c.clientSecret && c.redirectUris?.length)!;
      const verifier = 'x'.repeat(50);
      const back = await authorizeCode(e, { clientId: client.clientId, redirectUri: client.redirectUris![0]!, verifier });
      return call(e, 'POST', path, await grantCall(e, g, { [f.code]: back.searchParams.get('code')!, [f.redirectUri]: client.redirectUris![0]!, [f.codeVerifier]: verifier }));
    }
    case 'refresh_token':
      return undefined; // checked after a grant that issues one
  }
}

for (const id of builtinProfileIds()) {
  describe(`wire format: ${id}`, () => {
    it('grant successes, refreshes and grant errors', async () => {
      const e = await engineFor(id);
      const p = e.profile;
      const successSchema: SchemaName = p.tokenResponse.schema === 'api-video' ? 'api-video-token-response' : 'token-response';
      let refresh: string | undefined;
      for (const g of p.grants) {
        const r = await successFor(e, g);
        if (!r) continue;
        assert.equal(r.status, 200, `${g.type}: ${r.text}`);
        assertShape(r, successSchema, `${id} ${g.type} success`);
        assert.equal(r.headers.get('cache-control'), 'no-store');
        if (p.tokenResponse.pragmaNoCache) assert.equal(r.headers.get('pragma'), 'no-cache');
        if (typeof r.body.refresh_token === 'string') refresh ??= r.body.refresh_token;
      }
      const rg = p.grants.find((g) => g.type === 'refresh_token');
      // fapi2's refresh tokens come from its code flow, driven by openid-client in dpop.test.ts.
      if (rg && !p.par?.required) {
        assert.ok(refresh, 'some grant issued a refresh token');
        const path = p.endpoints[rg.endpoint]!.path;
        const ok = await call(e, 'POST', path, await grantCall(e, rg, { [rg.fields.refreshToken]: refresh! }));
        assert.equal(ok.status, 200, ok.text);
        assertShape(ok, successSchema, `${id} refresh success`);
        const bad = await call(e, 'POST', path, await grantCall(e, rg, { [rg.fields.refreshToken]: 'bogus' }));
        assert.equal(bad.status, 400);
        assertShape(bad, rg.grantTypeParameter ? 'token-error' : p.errors.format === 'problem' ? 'problem' : 'token-error', `${id} refresh error`);
      }
      for (const g of p.grants) {
        const path = p.endpoints[g.endpoint]!.path;
        const errorSchema: SchemaName = !g.grantTypeParameter && p.errors.format === 'problem' ? 'problem' : 'token-error';
        const wrongType = await call(e, 'POST', path, { headers: { 'content-type': 'text/plain' }, form: 'x' });
        assert.equal(wrongType.status, 400);
        assertShape(wrongType, errorSchema, `${id} ${g.type} wrong content type`);
        const empty = await call(e, 'POST', path, g.encoding === 'json' ? { json: {} } : { form: {} });
        assert.ok(empty.status === 400 || empty.status === 401, `${id} ${g.type} empty: ${empty.status}`);
        assertShape(empty, errorSchema, `${id} ${g.type} empty request`);
        assert.equal(empty.headers.get('cache-control'), 'no-store');
        const get = await call(e, 'GET', path);
        assert.equal(get.status, 405);
        assert.ok(get.headers.get('allow'));
        assertShape(get, 'oauth-error', `${id} ${g.type} GET`);
      }
      if (p.grants.some((g) => g.endpoint === 'token' && g.grantTypeParameter) && e.demo.clients[0]?.clientSecret) {
        const c = e.demo.clients[0];
        const unsupported = await call(e, 'POST', p.endpoints.token!.path, { form: { grant_type: 'urn:nope' }, basic: [c.clientId, c.clientSecret!] });
        assertShape(unsupported, 'token-error', `${id} unsupported grant`);
        const badClient = await call(e, 'POST', p.endpoints.token!.path, { form: { grant_type: p.grants[0]!.type }, basic: [c.clientId, 'wrong'] });
        assert.equal(badClient.status, 401);
        assert.match(badClient.headers.get('www-authenticate') ?? '', /^Basic /);
        assertShape(badClient, 'token-error', `${id} invalid_client`);
      }
    });

    it('protected resources, token-free endpoints, metadata, JWKS, revocation, introspection, unknown paths', async () => {
      const e = await engineFor(id);
      const p = e.profile;
      const first = p.par?.required ? p.grants.find((g) => g.type === 'client_credentials')! : p.grants.find((g) => g.type !== 'refresh_token')!;
      const token = String((await successFor(e, first))!.body.access_token);
      for (const r of p.resources) {
        const method = r.method ?? 'GET';
        const none = await call(e, method, r.path);
        assert.equal(none.status, 401);
        // Bare (RFC 6750 §3.1: no error code); a resource that announces itself names its metadata (RFC 9728 §5.1) and scope.
        // RFC 9449 §7.1: where resources take DPoP, its challenge is offered too, with the algorithms; DPoP-only resources offer it alone.
        const dpop = p.dpop ? `DPoP realm="[^"]+", algs="[^"]+"` : '';
        const bearer = p.protectedResource ? 'Bearer realm="[^"]+", resource_metadata="[^"]+"(, scope="[^"]+")?' : 'Bearer realm="[^"]+"';
        assert.match(none.headers.get('www-authenticate') ?? '', new RegExp(`^${p.dpop && !p.dpop.bearer ? dpop : [bearer, dpop].filter(Boolean).join(', ')}$`));
        assert.equal(none.text, '');
        const bad = await call(e, method, r.path, { bearer: 'bogus' });
        assert.equal(bad.status, 401);
        assertShape(bad, 'oauth-error', `${id} ${r.path} invalid_token`);
        const bound = p.dpop?.required;
        const ok = await call(e, method, r.path, bound ? { headers: { authorization: `DPoP ${token}`, dpop: await proofFor(method, `${origin}${r.path}`, token) } } : { bearer: token });
        if ((r.scopes ?? []).every((s) => e.demo.clients[0]?.scopes?.includes(s) ?? true)) assert.equal(ok.status, 200, `${r.path}: ${ok.text}`);
      }
      for (const t of p.tokenFree) {
        const r = await call(e, 'POST', t.path, { json: {} });
        assert.notEqual(r.status, 401, `${t.path} needs no token`);
      }
      if (p.endpoints.metadata) assertShape(await call(e, 'GET', p.endpoints.metadata.path), 'metadata', `${id} metadata`);
      if (p.endpoints.jwks) assertShape(await call(e, 'GET', p.endpoints.jwks.path), 'jwks', `${id} jwks`);
      const c = e.demo.clients.find((x) => x.clientSecret);
      if (p.endpoints.introspect && c) {
        const r = await call(e, 'POST', p.endpoints.introspect.path, { form: { token }, basic: [c.clientId, c.clientSecret!] });
        assertShape(r, 'introspection', `${id} introspection`);
        const unauth = await call(e, 'POST', p.endpoints.introspect.path, { form: { token } });
        assertShape(unauth, 'oauth-error', `${id} introspection without client`);
      }
      if (p.endpoints.revoke && c) {
        const noToken = await call(e, 'POST', p.endpoints.revoke.path, { form: {}, basic: [c.clientId, c.clientSecret!] });
        assertShape(noToken, 'oauth-error', `${id} revocation without token`);
      }
      const missing = await call(e, 'GET', '/no/such/path');
      assert.equal(missing.status, 404);
      assertShape(missing, 'oauth-error', `${id} 404`);
    });
  });
}
