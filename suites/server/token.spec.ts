// Token endpoint: success responses per grant (RFC 6749 §5.1) and client authentication (§2.3.1).
import { directCredentials, noSecrets, takesSecrets } from '../checks/requirements.ts';
import { check, expect } from '../fixtures.ts';
import { endpointUrl, expectObserved, expectSchema, grantFields, grantOf, obtainToken, observedJwt, postGrant, requestScope, scopePolicy, successSchema, show } from '../support.ts';
import { decodeJwt } from 'jose';

for (const [id, type] of [
  ['token.client-credentials.success', 'client_credentials'],
  ['token.password.success', 'password'],
  ['token.api-key.success', 'api_key'],
] as const) {
  check(id, { requires: [`grant:${type}`] }, async (c) => {
    const g = c.given.grant[type];
    const missing = directCredentials(c.target, type);
    if (missing && type === 'client_credentials' && !takesSecrets(c.target.profile)) c.notJudged(noSecrets.reason);
    if (missing) c.notJudged(`the target gives no credentials for the ${type} grant`, missing);
    const { reply } = await obtainToken(c, {}, g, { judged: true });
    expectSchema(reply.body, successSchema(c.target), `${type} response`);
  });
}

check('token.success.json', { requires: ['token'] }, async (c) => {
  const { reply } = await obtainToken(c);
  expect(reply.headers['content-type'] ?? '').toMatch(/^application\/json\b/i);
});

check('token.success.token-type', { requires: ['token'] }, async (c) => {
  const { reply } = await obtainToken(c);
  expect(String(reply.body?.token_type ?? '(missing)').toLowerCase()).toBe('bearer');
});

check('token.success.expires-in', { requires: ['token'] }, async (c) => {
  const { reply } = await obtainToken(c);
  const lifetime = c.target.profile.accessToken.lifetime;
  if (c.target.profile.undocumented.includes('accessToken.lifetime')) {
    // The lifetime is not published: the RECOMMENDED field is judged, its value cannot be.
    expect(Number.isInteger(reply.body?.expires_in) && Number(reply.body?.expires_in) > 0, `expires_in, a number of seconds (got ${JSON.stringify(reply.body?.expires_in)})`).toBe(true);
    return;
  }
  if (lifetime === null) {
    expect(reply.body?.expires_in, 'no expires_in for a token documented as never expiring').toBeUndefined();
    return;
  }
  // A server that reports the time left (expiry minus now, rounded down) may say one second less when the
  // response took a moment to build: that is the same lifetime, not another (seen on node-oauth2-server under load).
  const said = reply.body?.expires_in;
  expect(typeof said, 'expires_in (a number of seconds)').toBe('number');
  expect([lifetime, lifetime - 1], `expires_in ${String(said)} for a lifetime of ${lifetime} s`).toContain(said);
});

check('token.success.cache-control', { requires: ['token'] }, async (c) => {
  const { reply } = await obtainToken(c);
  expect(reply.headers['cache-control'] ?? '(missing)').toMatch(/\bno-store\b/i);
});

check('token.success.pragma', { requires: ['token'] }, async (c) => {
  if (!c.target.profile.tokenResponse.pragmaNoCache) c.notApplicable('the profile does not follow RFC 6749’s Pragma rule (OAuth 2.1 drops it)');
  const { reply } = await obtainToken(c);
  expect(reply.headers.pragma ?? '(missing)').toMatch(/\bno-cache\b/i);
});

check('token.success.scope-narrowed', { requires: ['token'] }, async (c) => {
  const g = grantOf(c.target, 'client_credentials') ?? grantOf(c.target, 'password');
  const supported = c.target.profile.scopes.supported;
  if (!g || supported.length < 2) c.notApplicable('the profile has fewer than two scopes to narrow between');
  if (scopePolicy(c.target) === 'narrowing') c.notApplicable('the profile’s scope policy is "narrowing": the server may grant other scope than asked (RFC 6749 §3.3), so a narrower grant is not promised');
  const one = supported.find((s) => c.target.profile.resources.some((r) => r.scopes?.includes(s))) ?? supported[0]!;
  const missing = directCredentials(c.target, g!.type);
  if (missing) c.notJudged(`the target gives no credentials for the ${g!.type} grant`, missing);
  const { reply } = await obtainToken(c, { [g!.fields.scope]: one }, g, { judged: true });
  const granted = typeof reply.body?.scope === 'string' ? reply.body.scope.split(' ').filter(Boolean) : [one];
  expect(granted, 'the granted scope (absent means exactly as requested, RFC 6749 §3.3)').toEqual([one]);
});

check('token.success.scope-syntax', { requires: [] }, async (c) => {
  // Each direct grant the target gives credentials for, with and without a scope: the rule itself
  // reads every token response (suites/checks/observed.ts), these and every other check's.
  for (const g of c.target.profile.grants) {
    const fields = grantFields(c.target, g);
    if (typeof fields === 'string') continue;
    await postGrant(c.http, c.target, g, fields, 'full', undefined, `${g.type} grant without scope`);
    const scope = requestScope(c.target, g.type);
    if (scope) await postGrant(c.http, c.target, g, { ...fields, [g.fields.scope]: scope }, 'full', undefined, `${g.type} grant with scope ${scope}`);
  }
  expectObserved(c, 'token.success.scope-syntax', 'no token response of this check named a scope (a server that grants no scope leaves the member out, which is right); the other checks’ token responses are read too');
});

check('token.client-credentials.no-refresh-token', { requires: ['grant:client_credentials', 'client'] }, async (c) => {
  const { reply } = await obtainToken(c, {}, c.given.grant.client_credentials);
  expect(reply.body?.refresh_token, 'refresh_token').toBeUndefined();
});

for (const [id, method, how] of [
  ['token.client-auth.basic', 'client_secret_basic', 'basic'],
  ['token.client-auth.body', 'client_secret_post', 'body'],
] as const) {
  check(id, { requires: [`auth:${method}`, 'client'] }, async (c) => {
    const g = grantOf(c.target, 'client_credentials') ?? grantOf(c.target, 'password');
    if (!g) return c.notApplicable('the profile has no client_credentials or password grant to authenticate a client on');
    const fields = grantFields(c.target, g);
    if (typeof fields === 'string') return c.notJudged(fields, directCredentials(c.target, g.type));
    const reply = await postGrant(c.http, c.target, g, fields, 'full', how);
    expect(reply.status, show(reply)).toBe(200);
  });
}

check('token.client-auth.query-refused', { requires: ['grant:client_credentials', 'client'] }, async (c) => {
  const { id, secret } = c.given.client;
  const url = `${endpointUrl(c.target, 'token')}?${new URLSearchParams({ client_id: id, client_secret: secret })}`;
  const reply = await c.http.send('POST', url, { form: { grant_type: 'client_credentials' } }, 'credentials in the query string');
  expect(reply.status, 'not a success').not.toBe(200);
});

check('expiry.jwt-exp-matches-expires-in', { requires: ['jwt-access-tokens', 'token'] }, async (c) => {
  const { reply, accessToken } = await obtainToken(c);
  observedJwt(c, accessToken);
  const claims = decodeJwt(accessToken);
  if (typeof claims.exp !== 'number' || typeof claims.iat !== 'number') c.notJudged('the token carries no exp and iat (JWT claims the profile does not require), so they cannot be compared with expires_in');
  expect(typeof reply.body?.expires_in, 'expires_in is a number').toBe('number');
  expect(Math.abs(claims.exp! - claims.iat! - Number(reply.body?.expires_in)), 'exp - iat vs expires_in (seconds apart)').toBeLessThanOrEqual(1);
});
