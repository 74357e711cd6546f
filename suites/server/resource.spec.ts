// Protected resources as RFC 6750 §2-3 says, and access-token expiry.
import { generateKeyPair, SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';
import { check, expect, type CheckContext } from '../fixtures.ts';
import { callResource, obtainToken, parseChallenge, reachable, show } from '../support.ts';
import type { Reply } from '../http.ts';

function firstResource(c: CheckContext) {
  const r = reachable(c.target);
  if (!r) c.skip('the profile declares no protected resource');
  return r!;
}

/** A token and a resource it reaches. */
async function tokenAndResource(c: CheckContext) {
  firstResource(c);
  const issued = await obtainToken(c);
  const scope = typeof issued.reply.body?.scope === 'string' ? issued.reply.body.scope.split(' ') : undefined;
  const resource = reachable(c.target, scope) ?? c.skip('no resource is reachable with the granted scope');
  return { ...issued, resource };
}

function expectInvalidToken(reply: Reply): void {
  expect(reply.status, 'status').toBe(401);
  const ch = parseChallenge(reply.headers['www-authenticate']);
  expect(ch?.scheme, 'WWW-Authenticate: Bearer').toBe('bearer');
  expect(ch?.params.error, 'error="invalid_token"').toBe('invalid_token');
}

check('resource.valid-token', async (c) => {
  const { accessToken, resource } = await tokenAndResource(c);
  const r = await callResource(c, resource, { authorization: `Bearer ${accessToken}` });
  expect(r.status, show(r)).toBe(200);
});

check('resource.scheme-case-insensitive', async (c) => {
  const { accessToken, resource } = await tokenAndResource(c);
  const r = await callResource(c, resource, { authorization: `bearer ${accessToken}` }, 'lower-case scheme');
  expect(r.status, show(r)).toBe(200);
});

check('resource.no-token', async (c) => {
  const r = await callResource(c, firstResource(c), {}, 'no credentials');
  expect(r.status).toBe(401);
  expect(parseChallenge(r.headers['www-authenticate'])?.scheme, 'WWW-Authenticate: Bearer').toBe('bearer');
});

check('resource.no-token.no-error-code', async (c) => {
  const r = await callResource(c, firstResource(c), {}, 'no credentials');
  const ch = parseChallenge(r.headers['www-authenticate']);
  expect(ch, 'a Bearer challenge').toBeTruthy();
  expect(ch?.params.error, 'no error code').toBeUndefined();
});

check('resource.invalid-token', async (c) => {
  const r = await callResource(c, firstResource(c), { authorization: 'Bearer invalid-token-oauth-conformance' }, 'a made-up token');
  expectInvalidToken(r);
});

/** A scope-restricted token and a resource outside its scope. */
async function narrowToken(c: CheckContext) {
  const t = c.target;
  const withScope = t.profile.resources.find((r) => (r.scopes ?? []).length > 0);
  if (!withScope) c.skip('no resource requires a scope');
  const other = t.profile.scopes.supported.find((s) => !withScope!.scopes!.includes(s));
  if (!other) c.skip('no scope that leaves the resource out');
  const g = t.profile.grants.find((x) => x.type === 'client_credentials' || x.type === 'password');
  if (!g) c.skip('no direct grant that takes a scope');
  const { accessToken } = await obtainToken(c, { [g!.fields.scope]: other! }, g);
  return { accessToken, resource: withScope!, needed: withScope!.scopes! };
}

check('resource.scope-enforced', async (c) => {
  const { accessToken, resource } = await narrowToken(c);
  const r = await callResource(c, resource, { authorization: `Bearer ${accessToken}` }, 'token outside the resource’s scope');
  expect(r.status, 'refused').toBeGreaterThanOrEqual(400);
});

check('resource.insufficient-scope', async (c) => {
  const { accessToken, resource, needed } = await narrowToken(c);
  const r = await callResource(c, resource, { authorization: `Bearer ${accessToken}` }, 'token outside the resource’s scope');
  expect(r.status).toBe(403);
  const ch = parseChallenge(r.headers['www-authenticate']);
  expect(ch?.params.error, 'error="insufficient_scope"').toBe('insufficient_scope');
  expect((ch?.params.scope ?? '').split(' '), 'scope= names what is needed').toEqual(expect.arrayContaining(needed));
});

check('resource.malformed-request', async (c) => {
  const r = await callResource(c, firstResource(c), { authorization: 'Bearer two tokens' }, 'malformed Bearer credentials');
  expect(r.status).toBe(400);
  expect(parseChallenge(r.headers['www-authenticate'])?.params.error, 'error="invalid_request"').toBe('invalid_request');
});

check('resource.query-token-refused', async (c) => {
  if (c.target.profile.bearer.queryToken) c.skip('the profile accepts query-string tokens');
  const { accessToken, resource } = await tokenAndResource(c);
  const r = await callResource(c, resource, {}, 'token in the query string', `?access_token=${encodeURIComponent(accessToken)}`);
  expect(r.status, 'not accepted').toBeGreaterThanOrEqual(400);
});

check('resource.alg-none-rejected', async (c) => {
  if (c.target.profile.accessToken.format !== 'jwt') c.skip('access tokens are opaque');
  const { accessToken, resource } = await tokenAndResource(c);
  const header = { ...decodeProtectedHeader(accessToken), alg: 'none' };
  const forged = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${accessToken.split('.')[1]}.`;
  c.http.remember(forged);
  expectInvalidToken(await callResource(c, resource, { authorization: `Bearer ${forged}` }, 'the same claims, alg none'));
});

check('resource.wrong-key-rejected', async (c) => {
  if (c.target.profile.accessToken.format !== 'jwt') c.skip('access tokens are opaque');
  const { accessToken, resource } = await tokenAndResource(c);
  const header = decodeProtectedHeader(accessToken);
  const alg = header.alg && ['RS256', 'ES256', 'PS256', 'EdDSA'].includes(header.alg) ? header.alg : 'RS256';
  const { privateKey } = await generateKeyPair(alg);
  const forged = await new SignJWT(decodeJwt(accessToken)).setProtectedHeader({ ...header, alg }).sign(privateKey);
  c.http.remember(forged);
  expectInvalidToken(await callResource(c, resource, { authorization: `Bearer ${forged}` }, 'the same claims, signed by another key'));
});

check('resource.revoked-token-rejected', async (c) => {
  const t = c.target;
  if (!t.profile.endpoints.revoke) c.skip('the profile has no revocation endpoint');
  const { accessToken, resource } = await tokenAndResource(c);
  const rev = await c.http.send('POST', `${t.baseUrl}${t.profile.basePath}${t.profile.endpoints.revoke!.path}`, { form: { token: accessToken }, basic: [t.credentials.clientId!, t.credentials.clientSecret!] }, 'revoke');
  expect(rev.status).toBe(200);
  expectInvalidToken(await callResource(c, resource, { authorization: `Bearer ${accessToken}` }, 'revoked token'));
});

check('expiry.expired-token-rejected', async (c) => {
  const t = c.target;
  const lifetime = t.profile.accessToken.lifetime;
  if (lifetime === null) c.skip('tokens of this profile never expire');
  if (t.advanceClock) {
    const { accessToken, resource } = await tokenAndResource(c);
    await t.advanceClock(lifetime! + 5);
    try {
      expectInvalidToken(await callResource(c, resource, { authorization: `Bearer ${accessToken}` }, 'after the lifetime'));
    } finally {
      await t.advanceClock(-(lifetime! + 5));
    }
  } else if (t.expiredAccessToken) {
    expectInvalidToken(await callResource(c, firstResource(c), { authorization: `Bearer ${t.expiredAccessToken}` }, 'the target’s expired token'));
  } else {
    c.skip('needs the built-in mock’s clock or an expiredAccessToken in the target file');
  }
});

check('expiry.token-valid-before-expiry', async (c) => {
  const t = c.target;
  const lifetime = t.profile.accessToken.lifetime;
  if (lifetime === null) c.skip('tokens of this profile never expire');
  if (!t.advanceClock) c.skip('needs a server whose clock the suite can move (the built-in mock)');
  const { accessToken, resource } = await tokenAndResource(c);
  await t.advanceClock!(lifetime! - 5);
  try {
    expect((await callResource(c, resource, { authorization: `Bearer ${accessToken}` }, '5 s before the end')).status).toBe(200);
  } finally {
    await t.advanceClock!(-(lifetime! - 5));
  }
});

check('expiry.never-expires', async (c) => {
  const t = c.target;
  if (t.profile.accessToken.lifetime !== null) c.skip(`tokens live ${t.profile.accessToken.lifetime} s`);
  if (!t.advanceClock) c.skip('needs a server whose clock the suite can move (the built-in mock)');
  const { accessToken, resource } = await tokenAndResource(c);
  const years = 10 * 365 * 24 * 3600;
  await t.advanceClock!(years);
  try {
    expect((await callResource(c, resource, { authorization: `Bearer ${accessToken}` }, 'ten years later')).status).toBe(200);
  } finally {
    await t.advanceClock!(-years);
  }
});
