// Protected resources as RFC 6750 §2-3 says, and access-token expiry.
import { generateKeyPair, SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';
import { directCredentials } from '../checks/requirements.ts';
import { check, expect, type CheckContext } from '../fixtures.ts';
import { callResource, codeFlow, directGrant, observedJwt, expectRefused, grantOf, heldScope, expectRevoked, grantFields, obtainToken, parseChallenge, postGrant, reachable, revoke, show } from '../support.ts';
import type { Resource } from '../../generated/types/index.ts';
import type { Reply } from '../http.ts';

function firstResource(c: CheckContext) {
  return reachable(c.target) ?? c.notJudged('the profile names no protected resource to call', 'resource-path');
}

/** A token and a resource it reaches. */
async function tokenAndResource(c: CheckContext) {
  firstResource(c);
  const code = grantOf(c.target, 'authorization_code');
  // Without a code grant, a direct grant is the only way to a token: obtainToken says what is missing.
  const direct = directGrant(c.target) || !code ? await obtainToken(c) : undefined;
  let resource = direct && reachable(c.target, heldScope(direct));
  if (direct && resource) return control(c, { ...direct, resource });
  // Resources that only a user's token reaches (an OpenID userinfo, say): the authorization code flow.
  if (!code) return c.notApplicable('no resource of the profile is reachable with the scope the direct grant grants');
  const viaCode = await codeFlow(c);
  resource = reachable(c.target, heldScope(viaCode));
  if (!resource) return c.notApplicable('no resource of the profile is reachable with the scope the direct grant or the code flow grants');
  return control(c, { ...viaCode, resource });
}

/**
 * Where the profile does not know what a resource needs (a drafted profile: `resources.scopes`
 * undocumented), the token is tried as it is first: a refusal then says the resource wants another
 * token, and what the check does to the token could not be judged from a refusal.
 */
async function control<T extends { accessToken: string; resource: Resource }>(c: CheckContext, issued: T): Promise<T> {
  if (!c.target.profile.undocumented.includes('resources.scopes')) return issued;
  const r = await callResource(c, issued.resource, { authorization: `Bearer ${issued.accessToken}` }, 'control: the token as issued');
  if (r.status >= 400) c.notJudged(`the resource refused the token as issued (${r.status}): it may need a scope or a user’s token the profile does not name (its resources[].scopes)`, 'profile');
  return issued;
}

function expectInvalidToken(reply: Reply): void {
  expect(reply.status, 'status').toBe(401);
  const ch = parseChallenge(reply.headers['www-authenticate']);
  expect(ch?.scheme, 'WWW-Authenticate: Bearer').toBe('bearer');
  expect(ch?.params.error, 'error="invalid_token"').toBe('invalid_token');
}

check('resource.valid-token', { requires: ['resources'] }, async (c) => {
  const { accessToken, resource } = await tokenAndResource(c);
  const r = await callResource(c, resource, { authorization: `Bearer ${accessToken}` });
  expect(r.status, show(r)).toBe(200);
});

check('resource.scheme-case-insensitive', { requires: ['resources'] }, async (c) => {
  const { accessToken, resource } = await tokenAndResource(c);
  const r = await callResource(c, resource, { authorization: `bearer ${accessToken}` }, 'lower-case scheme');
  expect(r.status, show(r)).toBe(200);
});

check('resource.no-token', { requires: ['resources'] }, async (c) => {
  const r = await callResource(c, firstResource(c), {}, 'no credentials');
  expect(r.status).toBe(401);
  expect(parseChallenge(r.headers['www-authenticate'])?.scheme, 'WWW-Authenticate: Bearer').toBe('bearer');
});

check('resource.no-token.no-error-code', { requires: ['resources'] }, async (c) => {
  const r = await callResource(c, firstResource(c), {}, 'no credentials');
  const ch = parseChallenge(r.headers['www-authenticate']);
  expect(ch, 'a Bearer challenge').toBeTruthy();
  expect(ch?.params.error, 'no error code').toBeUndefined();
});

check('resource.invalid-token-refused', { requires: ['resources'] }, async (c) => {
  expectRefused(await callResource(c, firstResource(c), { authorization: 'Bearer invalid-token-oauth-conformance' }, 'a made-up token'), 'a made-up token');
});

check('resource.invalid-token', { requires: ['resources'] }, async (c) => {
  const r = await callResource(c, firstResource(c), { authorization: 'Bearer invalid-token-oauth-conformance' }, 'a made-up token');
  expectInvalidToken(r);
});

/**
 * A scope-restricted token and a resource outside its scope. The same grant with the resource's own
 * scope must reach it first (the control): otherwise the grant's tokens are refused there for another
 * reason, and a refusal would say nothing about scope.
 */
async function narrowToken(c: CheckContext) {
  const t = c.target;
  const withScope = t.profile.resources.find((r) => (r.scopes ?? []).length > 0);
  if (!withScope?.scopes) return c.notApplicable('no resource requires a scope');
  const needed = withScope.scopes;
  const other = t.profile.scopes.supported.find((s) => !needed.includes(s));
  if (!other) return c.notApplicable('no scope that leaves the resource out');
  const scoped = t.profile.grants.filter((x) => x.type === 'client_credentials' || x.type === 'password');
  if (!scoped.length) return c.notApplicable('no direct grant that takes a scope');
  const g = scoped.find((x) => typeof grantFields(t, x) !== 'string');
  if (!g) return c.notJudged(`the target gives no credentials for ${scoped.map((x) => x.type).join(' or ')}`, directCredentials(t, scoped[0]!.type));
  const control = await postGrant(c.http, t, g, { ...(grantFields(t, g) as Record<string, string>), [g.fields.scope]: needed.join(' ') }, 'full', undefined, `control: a ${g.type} token with the resource’s scope`);
  if (control.status !== 200 || typeof control.body?.access_token !== 'string') return c.notJudged(`the ${g.type} grant gives no token with the resource’s scope (${needed.join(' ')}), so no control token`);
  const reached = await callResource(c, withScope, { authorization: `Bearer ${String(control.body.access_token)}` }, 'control token at the resource');
  if (reached.status >= 400) return c.notJudged(`even a ${g.type} token with the resource’s scope is refused there (${reached.status}), so a refusal would say nothing about scope`);
  const { accessToken } = await obtainToken(c, { [g.fields.scope]: other }, g);
  return { accessToken, resource: withScope, needed };
}

check('resource.scope-enforced', { requires: ['resources'] }, async (c) => {
  const { accessToken, resource } = await narrowToken(c);
  const r = await callResource(c, resource, { authorization: `Bearer ${accessToken}` }, 'token outside the resource’s scope');
  expect(r.status, 'refused').toBeGreaterThanOrEqual(400);
});

check('resource.insufficient-scope', { requires: ['resources'] }, async (c) => {
  const { accessToken, resource, needed } = await narrowToken(c);
  const r = await callResource(c, resource, { authorization: `Bearer ${accessToken}` }, 'token outside the resource’s scope');
  expect(r.status).toBe(403);
  const ch = parseChallenge(r.headers['www-authenticate']);
  expect(ch?.params.error, 'error="insufficient_scope"').toBe('insufficient_scope');
  // Naming the needed scope is a MAY (RFC 6750 §3.1); where named, it must be the right one.
  if (ch?.params.scope !== undefined) expect(ch.params.scope.split(' '), 'scope= names what is needed').toEqual(expect.arrayContaining(needed));
});

check('resource.malformed-request', { requires: ['resources'] }, async (c) => {
  const r = await callResource(c, firstResource(c), { authorization: 'Bearer two tokens' }, 'malformed Bearer credentials');
  expect(r.status).toBe(400);
  expect(parseChallenge(r.headers['www-authenticate'])?.params.error, 'error="invalid_request"').toBe('invalid_request');
});

check('resource.query-token-refused', { requires: ['resources'] }, async (c) => {
  if (c.target.profile.bearer.queryToken) c.notApplicable('the profile accepts query-string tokens');
  const { accessToken, resource } = await tokenAndResource(c);
  const r = await callResource(c, resource, {}, 'token in the query string', `?access_token=${encodeURIComponent(accessToken)}`);
  expect(r.status, 'not accepted').toBeGreaterThanOrEqual(400);
});

check('resource.alg-none-rejected', { requires: ['resources', 'jwt-access-tokens'] }, async (c) => {
  const { accessToken, resource } = await tokenAndResource(c);
  observedJwt(c, accessToken);
  const header = { ...decodeProtectedHeader(accessToken), alg: 'none' };
  const forged = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${accessToken.split('.')[1]}.`;
  c.http.remember(forged);
  expectRefused(await callResource(c, resource, { authorization: `Bearer ${forged}` }, 'the same claims, alg none'), 'an alg none token');
});

check('resource.wrong-key-rejected', { requires: ['resources', 'jwt-access-tokens'] }, async (c) => {
  const { accessToken, resource } = await tokenAndResource(c);
  observedJwt(c, accessToken);
  const header = decodeProtectedHeader(accessToken);
  const alg = header.alg && ['RS256', 'ES256', 'PS256', 'EdDSA'].includes(header.alg) ? header.alg : 'RS256';
  const { privateKey } = await generateKeyPair(alg);
  const forged = await new SignJWT(decodeJwt(accessToken)).setProtectedHeader({ ...header, alg }).sign(privateKey);
  c.http.remember(forged);
  expectRefused(await callResource(c, resource, { authorization: `Bearer ${forged}` }, 'the same claims, signed by another key'), 'a token signed by another key');
});

check('resource.revoked-token-rejected', { requires: ['resources', 'endpoint:revoke', 'client'] }, async (c) => {
  const { accessToken, resource } = await tokenAndResource(c);
  expectRevoked(c, await revoke(c, accessToken, 'access_token'), 'access');
  expectRefused(await callResource(c, resource, { authorization: `Bearer ${accessToken}` }, 'revoked token'), 'the revoked token');
});

/** Calls a resource with an expired token: the mock's clock moved past the lifetime, or the target's own expired token. */
async function withExpiredToken(c: CheckContext, judge: (r: Reply) => void): Promise<void> {
  const t = c.target;
  const lifetime = t.profile.accessToken.lifetime;
  if (lifetime === null) return c.notApplicable('tokens of this profile never expire');
  if (t.advanceClock) {
    const { accessToken, resource } = await tokenAndResource(c);
    await t.advanceClock(lifetime + 5);
    try {
      judge(await callResource(c, resource, { authorization: `Bearer ${accessToken}` }, 'after the lifetime'));
    } finally {
      await t.advanceClock(-(lifetime + 5));
    }
  } else if (t.expiredAccessToken) {
    judge(await callResource(c, firstResource(c), { authorization: `Bearer ${t.expiredAccessToken}` }, 'the target’s expired token'));
  } else {
    c.notJudged('needs the built-in mock’s clock or an expiredAccessToken in the target file', 'expired-token');
  }
}

check('expiry.expired-token-refused', { requires: ['resources'] }, (c) => withExpiredToken(c, (r) => expectRefused(r, 'an expired token')));

check('expiry.expired-token-rejected', { requires: ['resources'] }, (c) => withExpiredToken(c, expectInvalidToken));

check('expiry.token-valid-before-expiry', { requires: ['resources', 'movable-clock'] }, async (c) => {
  const lifetime = c.target.profile.accessToken.lifetime;
  if (lifetime === null) return c.notApplicable('tokens of this profile never expire');
  const { accessToken, resource } = await tokenAndResource(c);
  await c.given.advanceClock(lifetime - 5);
  try {
    expect((await callResource(c, resource, { authorization: `Bearer ${accessToken}` }, '5 s before the end')).status).toBe(200);
  } finally {
    await c.given.advanceClock(-(lifetime - 5));
  }
});

check('expiry.never-expires', { requires: ['resources', 'movable-clock'] }, async (c) => {
  const t = c.target;
  if (t.profile.accessToken.lifetime !== null) c.notApplicable(`tokens live ${t.profile.accessToken.lifetime} s`);
  const { accessToken, resource } = await tokenAndResource(c);
  const years = 10 * 365 * 24 * 3600;
  await c.given.advanceClock(years);
  try {
    expect((await callResource(c, resource, { authorization: `Bearer ${accessToken}` }, 'ten years later')).status).toBe(200);
  } finally {
    await c.given.advanceClock(-years);
  }
});
