// JWT access tokens: signature against the JWKS, and the profile's claims (RFC 9068 or its own set).
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { check, expect, type CheckContext } from '../fixtures.ts';
import { endpointUrl, expectSchema, obtainToken, observedJwt } from '../support.ts';

async function jwtToken(c: CheckContext) {
  const issued = await obtainToken(c);
  observedJwt(c, issued.accessToken);
  return issued;
}

/** The profile's rules for its JWTs; a drafted profile knows none (RFC 9068 or the server's own claims). */
function jwtRules(c: CheckContext) {
  return c.target.profile.accessToken.jwt ?? c.notJudged('the server does not publish which claims its JWT access tokens carry (RFC 9068 or its own): set accessToken.jwt in a profile', 'profile');
}

check('jwt.signature', { requires: ['jwt-access-tokens', 'endpoint:jwks', 'token'] }, async (c) => {
  const { accessToken } = await jwtToken(c);
  if (c.target.profile.undocumented.includes('accessToken.format') && String(decodeProtectedHeader(accessToken).alg).startsWith('HS')) {
    c.notJudged('the token is signed with a shared secret (HS*): nothing at jwks_uri can verify it', 'profile');
  }
  const url = endpointUrl(c.target, 'jwks');
  await c.http.send('GET', url, {}, 'JWKS');
  const algs = c.target.profile.accessToken.jwt?.algs?.filter((a) => !a.startsWith('HS'));
  await expect(jwtVerify(accessToken, createRemoteJWKSet(new URL(url)), { ...(algs?.length ? { algorithms: algs } : {}) }), 'signature verifies against the JWKS').resolves.toBeTruthy();
});

check('jwt.claims', { requires: ['jwt-access-tokens', 'token'] }, async (c) => {
  const { accessToken } = await jwtToken(c);
  const jwt = jwtRules(c);
  const claims = decodeJwt(accessToken);
  if (jwt.claims === 'rfc9068') expectSchema(claims, 'jwt-access-token', 'claims');
  else if (jwt.usernameClaim === 'username') expectSchema(claims, 'shield-jwt-claims', 'claims');
  expect(Object.keys(claims), 'claims the profile requires').toEqual(expect.arrayContaining(jwt.required));
});

check('jwt.typ', { requires: ['jwt-access-tokens', 'token'] }, async (c) => {
  const { accessToken } = await jwtToken(c);
  const jwt = jwtRules(c);
  if (jwt.claims !== 'rfc9068') c.notApplicable('the profile does not follow RFC 9068');
  expect(String(decodeProtectedHeader(accessToken).typ ?? '').toLowerCase()).toMatch(/^(application\/)?at\+jwt$/);
});

check('jwt.iss', { requires: ['jwt-access-tokens', 'token'] }, async (c) => {
  const { accessToken } = await jwtToken(c);
  const jwt = jwtRules(c);
  if (jwt.claims !== 'rfc9068' && !jwt.required.includes('iss')) c.notApplicable('the profile’s tokens need not carry iss');
  expect(decodeJwt(accessToken).iss).toBe(c.target.issuer);
});

check('jwt.client-id', { requires: ['jwt-access-tokens', 'token'] }, async (c) => {
  const { accessToken, grant } = await jwtToken(c);
  const jwt = jwtRules(c);
  if (jwt.claims !== 'rfc9068' && !jwt.required.includes('client_id')) c.notApplicable('the profile’s tokens need not carry client_id');
  if (grant.type === 'api_key') c.notApplicable('API-key tokens have no OAuth client');
  expect(decodeJwt(accessToken).client_id).toBe(c.target.credentials.clientId);
});

check('jwt.exp-after-iat', { requires: ['jwt-access-tokens', 'token'] }, async (c) => {
  const { accessToken } = await jwtToken(c);
  const { exp, iat } = decodeJwt(accessToken);
  if (typeof exp !== 'number') return c.notJudged('the token carries no exp (the profile does not require it), so there is nothing to compare');
  if (typeof iat !== 'number') return c.notJudged('the token carries no iat to compare exp with (the profile does not require it)');
  expect(exp, `exp (${exp}) is later than iat (${iat})`).toBeGreaterThan(iat);
});
