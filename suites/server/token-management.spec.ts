// Revocation (RFC 7009), introspection (RFC 7662), metadata (RFC 8414) and JWKS.
import { check, expect, type CheckContext } from '../fixtures.ts';
import { callResource, endpointUrl, expectSchema, obtainToken, reachable } from '../support.ts';

function clientBasic(c: CheckContext): [string, string] {
  const { clientId, clientSecret } = c.target.credentials;
  if (!clientId || !clientSecret) c.skip('the target gives no confidential client');
  return [clientId!, clientSecret!];
}

const revoke = (c: CheckContext, form: Record<string, string>, basic?: [string, string], label = 'revoke') =>
  c.http.send('POST', endpointUrl(c.target, 'revoke'), { form, ...(basic ? { basic } : {}) }, label);
const introspect = (c: CheckContext, token: string, basic?: [string, string], label = 'introspect') =>
  c.http.send('POST', endpointUrl(c.target, 'introspect'), { form: { token }, ...(basic ? { basic } : {}) }, label);

check('revocation.unknown-token', async (c) => {
  if (!c.target.profile.endpoints.revoke) c.skip('the profile has no revocation endpoint');
  const r = await revoke(c, { token: 'unknown-token-oauth-conformance' }, clientBasic(c), 'revoke an unknown token');
  expect(r.status).toBe(200);
});

check('revocation.wrong-hint', async (c) => {
  if (!c.target.profile.endpoints.revoke) c.skip('the profile has no revocation endpoint');
  const { accessToken } = await obtainToken(c);
  expect((await revoke(c, { token: accessToken, token_type_hint: 'refresh_token' }, clientBasic(c), 'revoke an access token hinted as a refresh token')).status).toBe(200);
  const res = reachable(c.target);
  if (!res) c.skip('no resource to try the revoked token at');
  expect((await callResource(c, res!, { authorization: `Bearer ${accessToken}` }, 'the revoked token')).status, 'refused after revocation').toBe(401);
});

check('revocation.requires-client-auth', async (c) => {
  if (!c.target.profile.endpoints.revoke) c.skip('the profile has no revocation endpoint');
  const { accessToken } = await obtainToken(c);
  const r = await revoke(c, { token: accessToken }, undefined, 'revoke without client authentication');
  expect([400, 401], `status ${r.status}`).toContain(r.status);
  expectSchema(r.body, 'oauth-error', 'error body');
});

check('introspection.active', async (c) => {
  if (!c.target.profile.endpoints.introspect) c.skip('the profile has no introspection endpoint');
  const { accessToken } = await obtainToken(c);
  const r = await introspect(c, accessToken, clientBasic(c));
  expect(r.status).toBe(200);
  expectSchema(r.body, 'introspection', 'introspection response');
  expect(r.body?.active).toBe(true);
});

check('introspection.inactive', async (c) => {
  const t = c.target;
  if (!t.profile.endpoints.introspect) c.skip('the profile has no introspection endpoint');
  const basic = clientBasic(c);
  expect((await introspect(c, 'unknown-token-oauth-conformance', basic, 'unknown token')).body).toEqual({ active: false });
  if (t.profile.endpoints.revoke) {
    const { accessToken } = await obtainToken(c);
    await revoke(c, { token: accessToken }, basic);
    expect((await introspect(c, accessToken, basic, 'revoked token')).body).toEqual({ active: false });
  }
  const lifetime = t.profile.accessToken.lifetime;
  if (t.advanceClock && lifetime !== null) {
    const { accessToken } = await obtainToken(c);
    await t.advanceClock(lifetime + 5);
    try {
      expect((await introspect(c, accessToken, basic, 'expired token')).body).toEqual({ active: false });
    } finally {
      await t.advanceClock(-(lifetime + 5));
    }
  }
});

check('introspection.requires-client-auth', async (c) => {
  if (!c.target.profile.endpoints.introspect) c.skip('the profile has no introspection endpoint');
  const { accessToken } = await obtainToken(c);
  const r = await introspect(c, accessToken, undefined, 'introspect without client authentication');
  expect([400, 401], `status ${r.status}`).toContain(r.status);
  expect(r.body?.active, 'no token information').toBeUndefined();
});

check('metadata.fields', async (c) => {
  if (!c.target.profile.endpoints.metadata) c.skip('the profile has no metadata endpoint');
  const r = await c.http.send('GET', endpointUrl(c.target, 'metadata'), {}, 'metadata');
  expect(r.status).toBe(200);
  expectSchema(r.body, 'metadata', 'metadata');
  expect(r.body?.token_endpoint, 'token_endpoint').toBeTruthy();
});

check('metadata.issuer-matches', async (c) => {
  if (!c.target.profile.endpoints.metadata) c.skip('the profile has no metadata endpoint');
  const r = await c.http.send('GET', endpointUrl(c.target, 'metadata'), {}, 'metadata');
  expect(r.body?.issuer).toBe(c.target.issuer);
});

check('jwks.public-only', async (c) => {
  if (!c.target.profile.endpoints.jwks) c.skip('the profile has no JWKS endpoint');
  const r = await c.http.send('GET', endpointUrl(c.target, 'jwks'), {}, 'JWKS');
  expect(r.status).toBe(200);
  expectSchema(r.body, 'jwks', 'JWKS');
});
