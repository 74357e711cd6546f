// RFC 8693 in the mock: a correct exchange (audience, act, introspection), every refusal §2.1 and
// §2.2.2 name, may_act (§4.4), and the same grant through openid-client, MSW and a drafted profile.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as oidc from 'openid-client';
import { call, engineFor, withMsw } from './engine-helpers.ts';
import { resolveProfile } from '../lib/profiles.ts';
import { startMockServer } from '../mock-server/index.ts';
import { draftProfile } from '../suites/discovery/draft.ts';

const grantType = 'urn:ietf:params:oauth:grant-type:token-exchange';
const accessType = 'urn:ietf:params:oauth:token-type:access_token';
const gateway: [string, string] = ['oauth21-gateway', 'oauth21-gateway-secret'];
const demo: [string, string] = ['oauth21-demo-client', 'oauth21-demo-secret'];

function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('token exchange (RFC 8693) in the mock', () => {
  it('trades a token for one of another audience, names the actor in act, and introspection says both', async () => {
    const e = await engineFor('oauth21-extended');
    const meta = (await call(e, 'GET', '/.well-known/oauth-authorization-server')).body;
    assert.ok((meta.grant_types_supported as string[]).includes(grantType));
    const subject = String((await call(e, 'POST', '/token', { form: { grant_type: 'client_credentials', scope: 'read' }, basic: demo })).body.access_token);
    const actor = String((await call(e, 'POST', '/token', { form: { grant_type: 'client_credentials' }, basic: gateway })).body.access_token);
    const r = await call(e, 'POST', '/token', { form: { grant_type: grantType, subject_token: subject, subject_token_type: accessType, actor_token: actor, actor_token_type: accessType, audience: 'https://reports.oauth21.test' }, basic: gateway });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.headers.get('cache-control'), 'no-store');
    assert.equal(r.body.issued_token_type, accessType);
    assert.equal(r.body.token_type, 'Bearer');
    assert.equal(r.body.scope, 'read', 'the subject token’s scope, not the gateway’s');
    const issued = String(r.body.access_token);
    const c = claimsOf(issued);
    assert.equal(c.sub, 'oauth21-demo-client', 'the subject stays the subject');
    assert.equal(c.client_id, 'oauth21-gateway', 'the client that asked');
    assert.equal(c.aud, 'https://reports.oauth21.test');
    assert.deepEqual(c.act, { sub: 'oauth21-gateway' });
    const described = await call(e, 'POST', '/introspect', { form: { token: issued }, basic: demo });
    assert.equal(described.body.active, true);
    assert.equal(described.body.aud, 'https://reports.oauth21.test');
    assert.deepEqual(described.body.act, { sub: 'oauth21-gateway' });
    // Audience-bound: the profile's own resource refuses a token minted for another audience.
    assert.equal((await call(e, 'GET', '/api/resource', { bearer: issued })).status, 401);
    const own = await call(e, 'POST', '/token', { form: { grant_type: grantType, subject_token: subject, subject_token_type: accessType }, basic: gateway });
    assert.equal(own.status, 200);
    assert.equal((await call(e, 'GET', '/api/resource', { bearer: String(own.body.access_token) })).status, 200, 'no audience asked: the default one');
    // A second exchange of a delegated token nests the earlier actor (§4.1).
    const again = await call(e, 'POST', '/token', { form: { grant_type: grantType, subject_token: issued, subject_token_type: accessType, actor_token: subject, actor_token_type: accessType }, basic: gateway });
    assert.deepEqual(claimsOf(String(again.body.access_token)).act, { sub: 'oauth21-demo-client', act: { sub: 'oauth21-gateway' } });
    // Repeated audiences (§2.1 allows several) all land in aud.
    const two = await call(e, 'POST', '/token', { form: `grant_type=${encodeURIComponent(grantType)}&subject_token=${subject}&subject_token_type=${encodeURIComponent(accessType)}&audience=https%3A%2F%2Freports.oauth21.test&audience=https%3A%2F%2Fapi.oauth21.test`, basic: gateway });
    assert.deepEqual(claimsOf(String(two.body.access_token)).aud, ['https://reports.oauth21.test', 'https://api.oauth21.test']);
  });

  it('refuses what §2.1 and §2.2.2 refuse, each with its code', async () => {
    const e = await engineFor('oauth21-extended');
    const subject = String((await call(e, 'POST', '/token', { form: { grant_type: 'client_credentials', scope: 'read' }, basic: demo })).body.access_token);
    const ask = (form: Record<string, string>, basic: [string, string] = gateway) => call(e, 'POST', '/token', { form: { grant_type: grantType, ...form }, basic });
    const cases: [string, Record<string, string>, string][] = [
      ['no subject_token', { subject_token_type: accessType }, 'invalid_request'],
      ['no subject_token_type', { subject_token: subject }, 'invalid_request'],
      ['a token never issued', { subject_token: 'not-a-token', subject_token_type: accessType }, 'invalid_request'],
      ['a type the profile does not take', { subject_token: subject, subject_token_type: 'urn:ietf:params:oauth:token-type:saml2' }, 'invalid_request'],
      ['an access token presented as an ID Token', { subject_token: subject, subject_token_type: 'urn:ietf:params:oauth:token-type:id_token' }, 'invalid_request'],
      ['actor_token without its type', { subject_token: subject, subject_token_type: accessType, actor_token: subject }, 'invalid_request'],
      ['actor_token_type without actor_token', { subject_token: subject, subject_token_type: accessType, actor_token_type: accessType }, 'invalid_request'],
      ['an audience it does not serve', { subject_token: subject, subject_token_type: accessType, audience: 'https://evil.example' }, 'invalid_target'],
      ['a resource it does not serve', { subject_token: subject, subject_token_type: accessType, resource: 'https://evil.example/api' }, 'invalid_target'],
      ['more scope than the subject holds', { subject_token: subject, subject_token_type: accessType, scope: 'read write' }, 'invalid_scope'],
      ['a token type it does not issue', { subject_token: subject, subject_token_type: accessType, requested_token_type: 'urn:ietf:params:oauth:token-type:saml2' }, 'invalid_request'],
    ];
    for (const [what, form, code] of cases) {
      const r = await ask(form);
      assert.equal(r.status, 400, what);
      assert.equal(r.body.error, code, `${what}: ${JSON.stringify(r.body)}`);
    }
    assert.equal((await ask({ subject_token: subject, subject_token_type: accessType }, ['oauth21-cc-only-client', 'oauth21-cc-only-secret'])).body.error, 'unauthorized_client', 'a client not allowed the grant');
    assert.equal((await ask({ subject_token: subject, subject_token_type: accessType }, ['oauth21-gateway', 'wrong'])).status, 401);
    // A revoked subject token, and an expired one, are not valid (§2.2.2 "invalid for any reason").
    await call(e, 'POST', '/revoke', { form: { token: subject }, basic: demo });
    assert.equal((await ask({ subject_token: subject, subject_token_type: accessType })).body.error, 'invalid_request');
    const fresh = String((await call(e, 'POST', '/token', { form: { grant_type: 'client_credentials' }, basic: demo })).body.access_token);
    e.admin.advanceClock(3601);
    assert.equal((await ask({ subject_token: fresh, subject_token_type: accessType })).body.error, 'invalid_request');
  });

  it('honours may_act (§4.4): only the named party may act for the subject', async () => {
    const e = await engineFor('oauth21-extended');
    const minted = await call(e, 'POST', '/__admin/tokens', { json: { sub: 'alice', clientId: 'oauth21-demo-client', scope: ['read'], claims: { may_act: { sub: 'oauth21-gateway' } } } });
    const subject = String(minted.body.access_token);
    const gatewayToken = String((await call(e, 'POST', '/token', { form: { grant_type: 'client_credentials' }, basic: gateway })).body.access_token);
    const demoToken = String((await call(e, 'POST', '/token', { form: { grant_type: 'client_credentials' }, basic: demo })).body.access_token);
    const ask = (actor: string) => call(e, 'POST', '/token', { form: { grant_type: grantType, subject_token: subject, subject_token_type: accessType, actor_token: actor, actor_token_type: accessType }, basic: gateway });
    const named = await ask(gatewayToken);
    assert.equal(named.status, 200, JSON.stringify(named.body));
    assert.equal(claimsOf(String(named.body.access_token)).sub, 'alice');
    const other = await ask(demoToken);
    assert.equal(other.body.error, 'invalid_request');
    assert.match(String(other.body.error_description), /may_act/);
  });

  it('openid-client exchanges a token with its generic grant request against the running mock', async () => {
    const mock = await startMockServer({ profile: 'oauth21-extended', port: 0 });
    try {
      const demoConfig = await oidc.discovery(new URL(mock.url), demo[0], demo[1], oidc.ClientSecretBasic(demo[1]), { execute: [oidc.allowInsecureRequests], algorithm: 'oauth2' });
      const subject = await oidc.clientCredentialsGrant(demoConfig, { scope: 'read' });
      const config = await oidc.discovery(new URL(mock.url), gateway[0], gateway[1], oidc.ClientSecretBasic(gateway[1]), { execute: [oidc.allowInsecureRequests], algorithm: 'oauth2' });
      const exchanged = await oidc.genericGrantRequest(config, grantType, { subject_token: subject.access_token, subject_token_type: accessType, audience: 'https://reports.oauth21.test' });
      assert.equal(exchanged.issued_token_type, accessType);
      assert.equal(exchanged.token_type.toLowerCase(), 'bearer');
      assert.equal(claimsOf(exchanged.access_token).aud, 'https://reports.oauth21.test');
      await assert.rejects(oidc.genericGrantRequest(config, grantType, { subject_token: subject.access_token, subject_token_type: accessType, audience: 'https://evil.example' }), (err: unknown) => (err as { error?: string }).error === 'invalid_target');
    } finally {
      await mock.close();
    }
  });

  it('MSW serves it too, and a drafted profile from a URL picks the grant up from grant_types_supported', async () => {
    await withMsw('oauth21-extended', async (at) => {
      const basic = (who: [string, string]) => `Basic ${Buffer.from(who.join(':')).toString('base64')}`;
      const form = { 'content-type': 'application/x-www-form-urlencoded' };
      const first = await fetch(`${at}/token`, { method: 'POST', headers: { ...form, authorization: basic(demo) }, body: 'grant_type=client_credentials&scope=read' });
      const subject = ((await first.json()) as { access_token: string }).access_token;
      const r = await fetch(`${at}/token`, { method: 'POST', headers: { ...form, authorization: basic(gateway) }, body: new URLSearchParams({ grant_type: grantType, subject_token: subject, subject_token_type: accessType }) });
      assert.equal(r.status, 200, await r.clone().text());
      assert.equal(((await r.json()) as { issued_token_type?: string }).issued_token_type, accessType);
    });
    const base = { issuer: 'https://as.example.test', oauthMetadataUrl: 'https://as.example.test/.well-known/oauth-authorization-server', tried: [] };
    const metadata = { issuer: base.issuer, token_endpoint: `${base.issuer}/token`, grant_types_supported: ['client_credentials', grantType] };
    const resolved = resolveProfile(draftProfile({ ...base, metadata }, {}, 'as').profile, 'draft');
    assert.deepEqual(resolved.grants.map((g) => g.type), ['client_credentials', 'token_exchange']);
    assert.deepEqual(resolved.tokenExchange?.subjectTokenTypes, [accessType, 'urn:ietf:params:oauth:token-type:jwt']);
  });
});
