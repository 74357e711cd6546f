// OpenID Connect checks that need no login: discovery, UserInfo's challenge, prompt=none without a
// session.
import { check, expect, type CheckContext } from '../fixtures.ts';
import { configuration, discoveryUrl, newNonce, oidcScope } from '../oidc.ts';
import { newVerifier, s256 } from '../authorize.ts';
import { endpointUrl, expectSchema, parseChallenge, show } from '../support.ts';

check('oidc.discovery.fields', { requires: ['oidc'] }, async (c) => {
  const conf = await configuration(c);
  expectSchema(conf, 'openid-configuration', 'OpenID configuration');
  const keys = await c.http.send('GET', String(conf.jwks_uri), {}, 'jwks_uri');
  expect(keys.status, `jwks_uri: ${show(keys)}`).toBe(200);
  expectSchema(keys.body, 'jwks', 'the JWK Set at jwks_uri');
});

check('oidc.discovery.issuer-matches', { requires: ['oidc'] }, async (c) => {
  const conf = await configuration(c);
  expect(`${String(conf.issuer)}/.well-known/openid-configuration`, `fetched from ${discoveryUrl(c.target)}`).toBe(discoveryUrl(c.target));
});

/** UserInfo as the configuration names it, else as the profile does. */
async function userinfoUrl(c: CheckContext): Promise<string> {
  if (c.target.profile.endpoints.userinfo) return endpointUrl(c.target, 'userinfo');
  const conf = await configuration(c);
  if (typeof conf.userinfo_endpoint !== 'string') c.notApplicable('neither the profile nor the OpenID configuration names a UserInfo endpoint');
  return String(conf.userinfo_endpoint);
}

check('oidc.userinfo.requires-token', { requires: ['oidc'] }, async (c) => {
  const url = await userinfoUrl(c);
  const none = await c.http.send('GET', url, {}, 'UserInfo without a token');
  expect(none.status, show(none)).toBe(401);
  expect(parseChallenge(none.headers['www-authenticate'])?.scheme, 'a Bearer challenge (RFC 6750 §3)').toBe('bearer');
  const bad = await c.http.send('GET', url, { bearer: 'oauth-conformance-invalid-token' }, 'UserInfo with an invalid token');
  expect(bad.status, show(bad)).toBe(401);
  expect(parseChallenge(bad.headers['www-authenticate'])?.params.error, 'error="invalid_token" (RFC 6750 §3.1)').toBe('invalid_token');
});

check('oidc.prompt-none.login-required', { requires: ['oidc', 'endpoint:authorize', 'direct-authorization', 'client-id', 'redirect-uri'] }, async (c) => {
  const t = c.target;
  const { redirectUri } = c.given;
  // No cookie is sent: whatever sessions the server holds, this request has none.
  const state = `none-${Date.now()}`;
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: c.given.clientId,
    redirect_uri: redirectUri,
    scope: oidcScope(t),
    state,
    nonce: newNonce(),
    prompt: 'none',
    code_challenge: s256(newVerifier()),
    code_challenge_method: 'S256',
  });
  const r = await c.http.send('GET', `${endpointUrl(t, 'authorize')}?${q}`, {}, 'authentication request with prompt=none and no session');
  const location = r.headers.location;
  expect(r.status >= 300 && r.status < 400 && location, `a redirect back to the client, not a page (status ${r.status}): ${show(r)}`).toBeTruthy();
  const back = new URL(location!, endpointUrl(t, 'authorize'));
  expect(back.origin + back.pathname, 'redirected to the registered redirect URI').toBe(new URL(redirectUri).origin + new URL(redirectUri).pathname);
  // Core §3.1.2.6: login_required, or interaction_required when more than a login is missing.
  expect(['login_required', 'interaction_required'], `error on the redirect (${back.search})`).toContain(back.searchParams.get('error'));
  expect(back.searchParams.get('code'), 'no code').toBeNull();
  expect(back.searchParams.get('state'), 'state echoed').toBe(state);
});
