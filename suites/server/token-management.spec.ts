// Revocation (RFC 7009), introspection (RFC 7662), metadata (RFC 8414) and JWKS.
import { check, expect, type CheckContext } from '../fixtures.ts';
import { callResource, endpointUrl, expectGrantError, expectRefused, expectRevoked, expectSchema, grantOf, heldScope, introspect, obtainRefreshToken, obtainToken, reachable, refresh, revoke, show } from '../support.ts';

function clientBasic(c: CheckContext): [string, string] {
  const { clientId, clientSecret } = c.target.credentials;
  if (!clientId || !clientSecret) return c.notJudged('the target gives no confidential client', 'client');
  return [clientId, clientSecret];
}

check('revocation.unknown-token', { requires: ['endpoint:revoke', 'client'] }, async (c) => {
  const r = await revoke(c, 'unknown-token-oauth-conformance', undefined, 'revoke an unknown token');
  expect(r.status, show(r)).toBe(200);
});

check('revocation.wrong-hint', { requires: ['endpoint:revoke', 'client'] }, async (c) => {
  // Refresh-token revocation is the MUST of RFC 7009 §2, so the wrong hint is tried on a refresh token.
  if (!grantOf(c.target, 'refresh_token')) {
    // No refresh tokens here: an access token hinted as a refresh token, judged at a resource.
    const issued = await obtainToken(c);
    const { accessToken } = issued;
    const res = reachable(c.target, heldScope(issued));
    if (!res) return c.notJudged('the profile has neither refresh tokens nor a resource to try a revoked access token at', 'resource-path');
    expectRevoked(c, await revoke(c, accessToken, 'refresh_token', 'revoke an access token hinted as a refresh token'), 'access');
    expectRefused(await callResource(c, res, { authorization: `Bearer ${accessToken}` }, 'the revoked token'), 'the revoked access token');
    return;
  }
  const { refreshToken } = await obtainRefreshToken(c);
  expect(refreshToken, 'a refresh token was issued').toBeTruthy();
  expectRevoked(c, await revoke(c, refreshToken!, 'access_token', 'revoke a refresh token hinted as an access token'), 'refresh');
  const r = await refresh(c, refreshToken!, {}, 'the revoked refresh token');
  expectGrantError(c.target, grantOf(c.target, 'refresh_token')!, r, 'invalid_grant');
});

check('revocation.refresh-token-no-hint', { requires: ['endpoint:revoke', 'grant:refresh_token', 'client'] }, async (c) => {
  const { refreshToken } = await obtainRefreshToken(c);
  if (!refreshToken) return c.notJudged('the grant issued no refresh token to revoke');
  expectRevoked(c, await revoke(c, refreshToken, undefined, 'revoke a refresh token without token_type_hint'), 'refresh');
  const r = await refresh(c, refreshToken, {}, 'the revoked refresh token');
  expectGrantError(c.target, grantOf(c.target, 'refresh_token')!, r, 'invalid_grant');
});

check('revocation.access-token', { requires: ['endpoint:revoke', 'client'] }, async (c) => {
  const { accessToken } = await obtainToken(c);
  const r = await revoke(c, accessToken, 'access_token', 'revoke an access token');
  expect(r.body?.error, 'unsupported_token_type: the server does not revoke access tokens').not.toBe('unsupported_token_type');
  expect(r.status, show(r)).toBe(200);
});

check('revocation.requires-client-auth', { requires: ['endpoint:revoke', 'token'] }, async (c) => {
  const { accessToken } = await obtainToken(c);
  const r = await revoke(c, accessToken, undefined, 'revoke without client authentication', 'none');
  expect([400, 401], `status ${r.status}`).toContain(r.status);
  expectSchema(r.body, 'oauth-error', 'error body');
});

check('introspection.active', { requires: ['endpoint:introspect', 'client'] }, async (c) => {
  const { accessToken } = await obtainToken(c);
  const r = await introspect(c, accessToken, clientBasic(c));
  expect(r.status).toBe(200);
  expectSchema(r.body, 'introspection', 'introspection response');
  expect(r.body?.active).toBe(true);
});

check('introspection.inactive', { requires: ['endpoint:introspect', 'client'] }, async (c) => {
  const t = c.target;
  const basic = clientBasic(c);
  const unknown = await introspect(c, 'unknown-token-oauth-conformance', basic, 'unknown token');
  expect(unknown.status, show(unknown)).toBe(200);
  expect(unknown.body?.active, 'an unknown token is inactive').toBe(false);
  if (t.profile.endpoints.revoke) {
    const { accessToken } = await obtainToken(c);
    // Only a revocation the server accepted makes the token inactive; a refused one is reported by revocation.access-token.
    const rev = await revoke(c, accessToken, 'access_token', 'revoke before introspecting');
    if (rev.status === 200) expect((await introspect(c, accessToken, basic, 'revoked token')).body?.active, 'a revoked token is inactive').toBe(false);
  }
  const lifetime = t.profile.accessToken.lifetime;
  if (t.advanceClock && lifetime !== null) {
    const { accessToken } = await obtainToken(c);
    await t.advanceClock(lifetime + 5);
    try {
      expect((await introspect(c, accessToken, basic, 'expired token')).body?.active, 'an expired token is inactive').toBe(false);
    } finally {
      await t.advanceClock(-(lifetime + 5));
    }
  }
});

check('introspection.refresh-token-no-hint', { requires: ['endpoint:introspect', 'grant:refresh_token', 'client'] }, async (c) => {
  const basic = clientBasic(c);
  const { refreshToken } = await obtainRefreshToken(c);
  if (!refreshToken) return c.notJudged('the grant issued no refresh token to introspect');
  const hinted = await introspect(c, refreshToken, basic, 'introspect the refresh token, hinted as one', { token_type_hint: 'refresh_token' });
  // RFC 7662 leaves which token types a server describes to it: one that does not describe refresh tokens even when told is not judged here.
  if (hinted.body?.active !== true) return c.notJudged(`the server does not describe refresh tokens (hinted as refresh_token it answered ${hinted.status} ${show(hinted)}), so the search across types has nothing to find`);
  const plain = await introspect(c, refreshToken, basic, 'introspect the same refresh token without a hint');
  expect(plain.status, show(plain)).toBe(200);
  expect(plain.body?.active, `without token_type_hint the same refresh token is active: ${show(plain)}`).toBe(true);
});

check('introspection.token-type', { requires: ['endpoint:introspect', 'client'] }, async (c) => {
  const { accessToken, reply } = await obtainToken(c);
  const r = await introspect(c, accessToken, clientBasic(c));
  if (r.body?.active !== true) return c.notJudged(`the access token was not described as active (${show(r)}): judged by introspection.active`);
  if (r.body.token_type === undefined) return;
  const issued = String(reply.body?.token_type ?? 'Bearer');
  expect(String(r.body.token_type).toLowerCase(), `token_type is a token type (RFC 6749 §7.1), the one the token response gave (${issued}), not a hint value`).toBe(issued.toLowerCase());
});

check('introspection.unknown-hint', { requires: ['endpoint:introspect', 'client'] }, async (c) => {
  const basic = clientBasic(c);
  const { accessToken } = await obtainToken(c);
  const plain = await introspect(c, accessToken, basic, 'introspect without a hint');
  if (plain.body?.active !== true) return c.notJudged(`the access token was not described as active without a hint (${show(plain)}): judged by introspection.active`);
  const r = await introspect(c, accessToken, basic, 'introspect with an unknown token_type_hint', { token_type_hint: 'urn:oauth-conformance:unknown-type' });
  expect(r.status, `an unknown hint is ignored, not refused: ${show(r)}`).toBe(200);
  expect(r.body?.active, 'the token is described all the same').toBe(true);
});

check('introspection.inactive-only-active', { requires: ['endpoint:introspect', 'client'] }, async (c) => {
  const r = await introspect(c, 'unknown-token-oauth-conformance', clientBasic(c), 'unknown token');
  expect(r.body?.active, `an unknown token is inactive: ${show(r)}`).toBe(false);
  expect(r.body, 'nothing but "active" about an inactive token').toEqual({ active: false });
});

check('introspection.requires-client-auth', { requires: ['endpoint:introspect', 'client'] }, async (c) => {
  const { accessToken } = await obtainToken(c);
  const r = await introspect(c, accessToken, undefined, 'introspect without client authentication');
  expect([400, 401], `status ${r.status}`).toContain(r.status);
  expect(r.body?.active, 'no token information').toBeUndefined();
});

check('metadata.fields', { requires: ['endpoint:metadata'] }, async (c) => {
  const r = await c.http.send('GET', endpointUrl(c.target, 'metadata'), {}, 'metadata');
  expect(r.status).toBe(200);
  expectSchema(r.body, 'metadata', 'metadata');
  expect(r.body?.token_endpoint, 'token_endpoint').toBeTruthy();
});

check('metadata.issuer-matches', { requires: ['endpoint:metadata'] }, async (c) => {
  const r = await c.http.send('GET', endpointUrl(c.target, 'metadata'), {}, 'metadata');
  expect(r.body?.issuer).toBe(c.target.issuer);
});

check('jwks.public-only', { requires: ['endpoint:jwks'] }, async (c) => {
  const r = await c.http.send('GET', endpointUrl(c.target, 'jwks'), {}, 'JWKS');
  expect(r.status).toBe(200);
  expectSchema(r.body, 'jwks', 'JWKS');
});
