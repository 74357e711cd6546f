// JWT access tokens: signature against the JWKS, and the profile's claims (RFC 9068 or its own set).
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { check, expect, type CheckContext } from '../fixtures.ts';
import { endpointUrl, expectSchema, obtainToken } from '../support.ts';

async function jwtToken(c: CheckContext) {
  if (c.target.profile.accessToken.format !== 'jwt') c.skip('access tokens are opaque');
  return obtainToken(c);
}

check('jwt.signature', async (c) => {
  if (!c.target.profile.endpoints.jwks) c.skip('the profile documents no JWKS, so signatures cannot be checked');
  const { accessToken } = await jwtToken(c);
  const url = endpointUrl(c.target, 'jwks');
  await c.http.send('GET', url, {}, 'JWKS');
  const algs = c.target.profile.accessToken.jwt?.algs?.filter((a) => !a.startsWith('HS'));
  await expect(jwtVerify(accessToken, createRemoteJWKSet(new URL(url)), { ...(algs?.length ? { algorithms: algs } : {}) }), 'signature verifies against the JWKS').resolves.toBeTruthy();
});

check('jwt.claims', async (c) => {
  const { accessToken } = await jwtToken(c);
  const jwt = c.target.profile.accessToken.jwt!;
  const claims = decodeJwt(accessToken);
  if (jwt.claims === 'rfc9068') expectSchema(claims, 'jwt-access-token', 'claims');
  else if (jwt.usernameClaim === 'username') expectSchema(claims, 'shield-jwt-claims', 'claims');
  expect(Object.keys(claims), 'claims the profile requires').toEqual(expect.arrayContaining(jwt.required));
});

check('jwt.typ', async (c) => {
  const { accessToken } = await jwtToken(c);
  const jwt = c.target.profile.accessToken.jwt!;
  if (jwt.claims !== 'rfc9068') c.skip('the profile does not follow RFC 9068');
  expect(String(decodeProtectedHeader(accessToken).typ ?? '').toLowerCase()).toMatch(/^(application\/)?at\+jwt$/);
});

check('jwt.iss', async (c) => {
  const { accessToken } = await jwtToken(c);
  const jwt = c.target.profile.accessToken.jwt!;
  if (jwt.claims !== 'rfc9068' && !jwt.required.includes('iss')) c.skip('the profile’s tokens need not carry iss');
  expect(decodeJwt(accessToken).iss).toBe(c.target.issuer);
});

check('jwt.client-id', async (c) => {
  const { accessToken, grant } = await jwtToken(c);
  const jwt = c.target.profile.accessToken.jwt!;
  if (jwt.claims !== 'rfc9068' && !jwt.required.includes('client_id')) c.skip('the profile’s tokens need not carry client_id');
  if (grant.type === 'api_key') c.skip('API-key tokens have no OAuth client');
  expect(decodeJwt(accessToken).client_id).toBe(c.target.credentials.clientId);
});

check('jwt.exp-after-iat', async (c) => {
  const { accessToken } = await jwtToken(c);
  const { exp, iat } = decodeJwt(accessToken);
  if (typeof exp !== 'number') c.skip('the token carries no exp');
  if (typeof iat !== 'number') c.skip('the token carries no iat to compare exp with');
  expect(exp!, `exp (${exp}) is later than iat (${iat})`).toBeGreaterThan(iat!);
});
