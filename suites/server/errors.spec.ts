// Token endpoint errors, one check per RFC 6749 §5.2 code.
import { decodeJwt } from 'jose';
import { clientIdentityUnmet, directCredentials } from '../checks/requirements.ts';
import { check, expect, type CheckContext } from '../fixtures.ts';
import { clientAuth, endpointUrl, expectGrantError, grantFields, grantOf, introspect, parseChallenge, postGrant, scopePolicy } from '../support.ts';

const tokenGrant = (c: CheckContext) => {
  const g = c.target.profile.grants.find((x) => x.endpoint === 'token' && x.grantTypeParameter && x.type !== 'authorization_code' && x.type !== 'refresh_token');
  if (!g) return c.notApplicable('the profile has no grant_type-based token endpoint grant to try');
  return g;
};

// The client authenticates as the token endpoint requires (RFC 6749 §2.3): a server may refuse an
// unauthenticated request first, and the error judged would never be reached.
check('token.error.missing-grant-type', { requires: ['client-auth'] }, async (c) => {
  const g = tokenGrant(c);
  const auth = clientAuth(c.target, g);
  const reply = await c.http.send('POST', endpointUrl(c.target, 'token'), { form: { ...auth.fields }, ...(auth.basic ? { basic: auth.basic } : {}) }, 'no grant_type');
  expectGrantError(c.target, g, reply, 'invalid_request');
});

check('token.error.duplicate-parameter', { requires: ['client-auth'] }, async (c) => {
  const g = tokenGrant(c);
  const fields = grantFields(c.target, g);
  if (typeof fields === 'string') return c.notJudged(fields, directCredentials(c.target, g.type));
  const auth = clientAuth(c.target, g);
  const body = new URLSearchParams({ grant_type: g.type, ...auth.fields, ...fields });
  body.append('grant_type', g.type);
  const reply = await c.http.send('POST', endpointUrl(c.target, 'token'), { form: body.toString(), ...(auth.basic ? { basic: auth.basic } : {}) }, 'grant_type twice');
  expectGrantError(c.target, g, reply, 'invalid_request');
});

check('token.error.unsupported-grant-type', { requires: ['client-auth'] }, async (c) => {
  const g = tokenGrant(c);
  const auth = clientAuth(c.target, g);
  const reply = await c.http.send('POST', endpointUrl(c.target, 'token'), { form: { grant_type: 'urn:example:no-such-grant', ...auth.fields }, ...(auth.basic ? { basic: auth.basic } : {}) }, 'unknown grant_type');
  expectGrantError(c.target, g, reply, 'unsupported_grant_type');
});

check('token.error.invalid-client.wrong-secret', { requires: [] }, async (c) => {
  const g = tokenGrant(c);
  const { clientId } = c.target.credentials;
  if (!c.target.profile.clientAuth.methods.includes('client_secret_basic')) return c.notApplicable('the profile has no HTTP Basic client authentication');
  if (!clientId) return c.notJudged('the target gives no client id to send a wrong secret for', 'client');
  const fields = grantFields(c.target, g);
  const reply = await c.http.send('POST', endpointUrl(c.target, 'token'), { form: { grant_type: g.type, ...(typeof fields === 'string' ? {} : fields) }, basic: [clientId, 'wrong-secret-oauth-conformance'] }, 'wrong secret by Basic');
  expectGrantError(c.target, g, reply, 'invalid_client', [401]);
  const challenge = parseChallenge(reply.headers['www-authenticate']);
  expect(challenge?.scheme, 'WWW-Authenticate with the Basic scheme').toBe('basic');
});

check('token.error.invalid-client.unknown-client', { requires: [] }, async (c) => {
  const g = tokenGrant(c);
  const methods = c.target.profile.clientAuth.methods;
  const fields = grantFields(c.target, g);
  const viaBody = methods.includes('client_secret_post');
  const send = viaBody
    ? { form: { grant_type: g.type, client_id: 'no-such-client-oauth-conformance', client_secret: 'x', ...(typeof fields === 'string' ? {} : fields) } }
    : { form: { grant_type: g.type, ...(typeof fields === 'string' ? {} : fields) }, basic: ['no-such-client-oauth-conformance', 'x'] as [string, string] };
  const reply = await c.http.send('POST', endpointUrl(c.target, 'token'), send, 'unknown client');
  expectGrantError(c.target, g, reply, 'invalid_client', viaBody ? [400, 401] : [401]);
});

check('token.error.invalid-grant', { requires: [] }, async (c) => {
  const t = c.target;
  const pw = grantOf(t, 'password');
  const key = grantOf(t, 'api_key');
  // The password grant goes with the client's authentication (RFC 6749 §4.3.2): without it a server
  // may refuse the client before it looks at the password.
  const unidentified = pw && t.credentials.username ? clientIdentityUnmet(t) : undefined;
  if (unidentified) c.notJudged(unidentified.reason, 'client');
  if (pw && t.credentials.username) {
    const reply = await postGrant(c.http, t, pw, { [pw.fields.username]: t.credentials.username, [pw.fields.password]: 'wrong-password-oauth-conformance' }, 'full', undefined, 'wrong password');
    expectGrantError(t, pw, reply, 'invalid_grant');
  } else if (key) {
    const reply = await postGrant(c.http, t, key, { [key.fields.apiKey]: 'wrong-api-key-oauth-conformance' }, 'full', undefined, 'wrong API key');
    expectGrantError(t, key, reply, 'invalid_grant');
  } else if (pw) {
    c.notJudged('the target gives no user whose password could be sent wrong', 'user');
  } else {
    c.notApplicable('the profile has neither a password nor an API key grant (refresh and code errors are checked in their own checks)');
  }
});

// The built-in profiles' limited clients may use client_credentials only; the password grant is the
// one they are refused.
check('token.error.unauthorized-client', { requires: ['grant:password', 'limited-client'] }, async (c) => {
  const t = c.target;
  const pw = c.given.grant.password;
  const reply = await postGrant(c.http, t, pw, { [pw.fields.username]: t.credentials.username ?? 'x', [pw.fields.password]: t.credentials.password ?? 'x' }, 'limited', undefined, 'password grant by a client limited to client_credentials');
  expectGrantError(t, pw, reply, 'unauthorized_client');
});

/** The scope a token holds, from introspection or its JWT claims; undefined where neither tells. */
async function grantedScope(c: CheckContext, token: string): Promise<string[] | undefined> {
  const t = c.target;
  if (t.profile.endpoints.introspect && t.credentials.clientId && t.credentials.clientSecret) {
    const r = await introspect(c, token, [t.credentials.clientId, t.credentials.clientSecret], 'introspect the token to see its scope');
    if (r.status === 200 && r.body?.active === true) return typeof r.body.scope === 'string' ? r.body.scope.split(' ').filter(Boolean) : [];
  }
  if (token.split('.').length === 3) {
    try {
      const claims = decodeJwt(token);
      return typeof claims.scope === 'string' ? claims.scope.split(' ').filter(Boolean) : [];
    } catch {
      return undefined;
    }
  }
  return undefined;
}

check('token.error.invalid-scope', { requires: ['scopes', 'token'] }, async (c) => {
  const g = c.given.direct;
  if (g.type === 'api_key') return c.notApplicable('the API key grant takes no scope');
  const policy = scopePolicy(c.target);
  if (policy === 'any') return c.notApplicable('the profile’s scope policy is "any": the server grants whatever scope is asked (RFC 6749 §3.3 leaves it to policy)');
  const unknown = 'no-such-scope-oauth-conformance';
  const fields = grantFields(c.target, g) as Record<string, string>;
  const reply = await postGrant(c.http, c.target, g, { ...fields, [g.fields.scope]: unknown }, 'full', undefined, 'unknown scope');
  if (policy === 'narrowing' && reply.status === 200) {
    // The server ignored the unknown scope, as §3.3 allows; then it MUST say what it granted.
    if (typeof reply.body?.scope === 'string') {
      expect(reply.body.scope.split(' '), 'the unknown scope is not granted').not.toContain(unknown);
      return;
    }
    // No scope named: either the unknown scope was granted as asked (wrong) or nothing was granted,
    // which the scope syntax (one token at least, §3.3) cannot name. The token itself tells.
    const granted = await grantedScope(c, String(reply.body?.access_token ?? ''));
    if (granted === undefined) return c.notJudged('the server dropped the unknown scope without naming a scope, and neither introspection nor a JWT shows what it granted');
    expect(granted, `the scope the token holds (${granted.join(' ') || 'none'}) leaves out the unknown scope; a grant that differs from the request names its scope (RFC 6749 §3.3)`).not.toContain(unknown);
    expect(granted, 'a token holding some scope names it in the response (RFC 6749 §3.3, §5.1)').toEqual([]);
    return;
  }
  expectGrantError(c.target, g, reply, 'invalid_scope');
});
