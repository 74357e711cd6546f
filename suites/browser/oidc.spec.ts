// OpenID Connect checks that log in through the provider's own pages in Chromium: the ID Token, UserInfo
// with the flow's token, the session behind prompt=none, and RP-Initiated Logout.
import type { Page, Request, Route } from '@playwright/test';
import { decodeJwt } from 'jose';
import { check, expect, type CheckContext } from '../fixtures.ts';
import { atHash, authenticate, configuration, oidcScope, requireIdToken, verifyIdToken } from '../oidc.ts';
import { authorizeInBrowser, newVerifier } from '../authorize.ts';
import { endpointUrl, expectSchema, grantOf, postGrant, show } from '../support.ts';

check('oidc.id-token.signature', { requires: ['oidc', 'code-flow'] }, async (c) => {
  const idToken = requireIdToken(await authenticate(c));
  await verifyIdToken(c, idToken);
});

check('oidc.id-token.claims', { requires: ['oidc', 'code-flow'] }, async (c) => {
  const idToken = requireIdToken(await authenticate(c));
  const claims = decodeJwt(idToken);
  expectSchema(claims, 'id-token', 'ID Token claims');
  expect(claims.iss, 'iss equals the issuer').toBe(c.target.issuer);
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  expect(aud, 'aud contains the client_id').toContain(c.target.credentials.clientId);
  // Core §2: aud "MAY also contain identifiers for other audiences" and azp is OPTIONAL; where it is
  // there, it names the party the token was issued to: this client.
  if (claims.azp !== undefined) expect(claims.azp, 'azp, where present, names the client (Core §2)').toBe(c.target.credentials.clientId);
  expect(Number(claims.exp), 'exp after iat').toBeGreaterThan(Number(claims.iat));
});

check('oidc.id-token.nonce', { requires: ['oidc', 'code-flow'] }, async (c) => {
  const a = await authenticate(c);
  expect(decodeJwt(requireIdToken(a)).nonce, 'nonce as sent').toBe(a.nonce);
});

check('oidc.id-token.at-hash', { requires: ['oidc', 'code-flow'] }, async (c) => {
  const a = await authenticate(c);
  const { payload, header } = await verifyIdToken(c, requireIdToken(a));
  if (payload.at_hash === undefined) return c.notJudged('the ID Token carries no at_hash (optional in the code flow)');
  expect(payload.at_hash, `at_hash over the access token with the hash of ${String(header.alg)}`).toBe(atHash(String(header.alg), a.accessToken));
});

check('oidc.id-token.requires-openid', { requires: ['oidc', 'code-flow'] }, async (c) => {
  const t = c.target;
  const scope = t.profile.scopes.supported.find((s) => !['openid', 'profile', 'email', 'address', 'phone', 'offline_access'].includes(s));
  const verifier = newVerifier();
  const out = await authorizeInBrowser(await c.openPage(), t, {
    clientId: t.credentials.clientId!,
    redirectUri: t.redirectUri!,
    verifier,
    ...(scope ? { scope } : {}),
  });
  // A provider may refuse a request without openid: then it issues nothing, and nothing is wrong.
  if (!('redirected' in out) && !t.login) return c.notJudged('the target shows a login page but names no login selectors (target.login)', 'login');
  const code = 'redirected' in out ? out.redirected.searchParams.get('code') : null;
  if (!code) return c.notJudged('the provider does not grant an authorization request without openid, so it issues no ID Token to judge');
  const g = grantOf(t, 'authorization_code')!;
  const r = await postGrant(
    c.http,
    t,
    g,
    {
      [g.fields.code]: code,
      [g.fields.redirectUri]: t.redirectUri!,
      [g.fields.codeVerifier]: verifier,
    },
    'full',
    undefined,
    'code exchange without openid',
  );
  expect(r.status, show(r)).toBe(200);
  expect(r.body?.id_token, `no id_token without openid (scope ${scope ?? 'none'})`).toBeUndefined();
});

check('oidc.userinfo.sub-matches', { requires: ['oidc', 'code-flow'] }, async (c) => {
  const a = await authenticate(c);
  const sub = decodeJwt(requireIdToken(a)).sub;
  const url = c.target.profile.endpoints.userinfo ? endpointUrl(c.target, 'userinfo') : String((await configuration(c)).userinfo_endpoint ?? '');
  if (!url) return c.notApplicable('neither the profile nor the OpenID configuration names a UserInfo endpoint');
  const r = await c.http.send('GET', url, { bearer: a.accessToken }, 'UserInfo with the flow’s access token');
  expect(r.status, show(r)).toBe(200);
  expect(r.headers['content-type'] ?? '', 'a JSON answer (a signed one is the client’s registered choice)').toMatch(/application\/json/);
  expect(r.body?.sub, 'sub equals the ID Token’s').toBe(sub);
});

async function userinfoUrl(c: CheckContext): Promise<string> {
  const url = c.target.profile.endpoints.userinfo ? endpointUrl(c.target, 'userinfo') : String((await configuration(c)).userinfo_endpoint ?? '');
  return url || c.notApplicable('neither the profile nor the OpenID configuration names a UserInfo endpoint');
}

check('oidc.userinfo.post', { requires: ['oidc', 'code-flow'] }, async (c) => {
  const url = await userinfoUrl(c);
  const a = await authenticate(c);
  const got = await c.http.send('GET', url, { bearer: a.accessToken }, 'UserInfo by GET');
  if (got.status !== 200) return c.notJudged(`UserInfo by GET answered ${got.status} (${show(got)}): judged by oidc.userinfo.sub-matches`);
  const posted = await c.http.send('POST', url, { bearer: a.accessToken, form: {} }, 'UserInfo by POST, the token in the Authorization header');
  expect(posted.status, `POST is served as GET is (Core §5.3.1): ${show(posted)}`).toBe(200);
  // Whether that sub is the ID Token's is oidc.userinfo.sub-matches' question; here, POST answers as GET does.
  expect(posted.body?.sub, 'the same sub as the GET answer').toBe(got.body?.sub);
});

check('oidc.authorize.post', { requires: ['oidc', 'code-flow'] }, async (c) => {
  const t = c.target;
  const out = await authorizeInBrowser(await c.openPage(), t, { clientId: c.given.clientId, redirectUri: c.given.redirectUri, verifier: newVerifier(), scope: oidcScope(t), state: 'by-post', extra: { nonce: 'by-post' }, post: true });
  c.http.browserStep({ method: 'POST', url: endpointUrl(t, 'authorize'), body: `response_type=code&client_id=${c.given.clientId}&scope=${oidcScope(t)}&state=by-post&nonce=by-post&code_challenge=…` }, 'redirected' in out ? { status: 302, location: out.redirected.href.replace(/code=[^&]+/, 'code=…') } : { status: out.shown.status, text: out.shown.text });
  if (!('redirected' in out) && out.shown.status < 400 && !t.login) return c.notJudged('the server showed a page the suite cannot log in through (no login selectors), so whether the POST leads to a code was not seen', 'login');
  expect('redirected' in out, `a POST authentication request is served as a GET one: ${'shown' in out ? `status ${out.shown.status}, ${out.shown.text.slice(0, 160)}` : ''}`).toBe(true);
  const back = (out as { redirected: URL }).redirected;
  expect(back.searchParams.get('code'), `a code on the redirect (${back.search.replace(/code=[^&]+/, 'code=…')})`).toBeTruthy();
});

check('oidc.prompt-login', { requires: ['oidc', 'code-flow'] }, async (c) => {
  const t = c.target;
  if (!t.login) return c.notJudged('the target names no login selectors (target.login): whether the login page comes back cannot be told', 'login');
  const page = await c.openPage();
  await authenticate(c, { page });
  const again = await authorizeInBrowser(page, t, { clientId: c.given.clientId, redirectUri: c.given.redirectUri, verifier: newVerifier(), scope: oidcScope(t), state: 'login-again', extra: { prompt: 'login', nonce: 'login-again' } });
  if (!('redirected' in again)) return;
  const back = again.redirected;
  c.http.browserStep({ method: 'GET', url: `${endpointUrl(t, 'authorize')}?client_id=${c.given.clientId}&prompt=login&scope=${oidcScope(t)}&state=login-again` }, { status: 302, location: back.href.replace(/code=[^&]+/, 'code=…'), text: again.viaLogin ? 'after the login page' : 'straight back, no login page shown' });
  // An error redirect (login_required) is the sentence's alternative; a code must follow a new login.
  if (back.searchParams.get('error')) return;
  expect(again.viaLogin === true, `with prompt=login the login page is shown again before a code is issued (redirected straight back: ${back.search.replace(/code=[^&]+/, 'code=…')})`).toBe(true);
});

check('oidc.max-age.auth-time', { requires: ['oidc', 'code-flow'] }, async (c) => {
  const a = await authenticate(c, { extra: { max_age: '300' } });
  const claims = decodeJwt(requireIdToken(a));
  expect(typeof claims.auth_time, `auth_time in the ID Token of a request with max_age (claims: ${Object.keys(claims).join(', ')})`).toBe('number');
  expect(Number(claims.auth_time), 'auth_time is not after iat').toBeLessThanOrEqual(Number(claims.iat) + 5);
});

check('oidc.id-token.refresh', { requires: ['oidc', 'code-flow', 'grant:refresh_token'] }, async (c) => {
  const t = c.target;
  const offline = t.profile.scopes.supported.includes('offline_access') ? ' offline_access' : '';
  // Core §11: offline_access asks for a refresh token, and needs prompt=consent.
  const a = await authenticate(c, { scope: `${oidcScope(t)}${offline}`, ...(offline ? { extra: { prompt: 'consent' } } : {}) });
  const first = decodeJwt(requireIdToken(a));
  if (!a.refreshToken) return c.notJudged('the code flow issued no refresh token, so no ID Token of a refresh could be seen');
  const g = grantOf(t, 'refresh_token')!;
  const r = await postGrant(c.http, t, g, { [g.fields.refreshToken]: a.refreshToken }, 'full', undefined, 'refresh');
  expect(r.status, `refresh: ${show(r)}`).toBe(200);
  // §12.2: the response "might not contain an id_token".
  if (typeof r.body?.id_token !== 'string') return c.notJudged('the refresh returned no ID Token (Core §12.2 allows that)');
  const { payload } = await verifyIdToken(c, r.body.id_token);
  expect(payload.iss, 'iss as the original’s').toBe(first.iss);
  expect(payload.sub, 'sub as the original’s').toBe(first.sub);
  expect(payload.aud, 'aud as the original’s').toEqual(first.aud);
  if (first.auth_time !== undefined) expect(payload.auth_time, 'auth_time as the original’s (§12.2: "its auth_time Claim MUST represent the time of the original authentication")').toBe(first.auth_time);
});

check('oidc.prompt-none.after-login', { requires: ['oidc', 'code-flow'] }, async (c) => {
  const page = await c.openPage();
  await authenticate(c, { page });
  const again = await authorizeInBrowser(page, c.target, {
    clientId: c.target.credentials.clientId!,
    redirectUri: c.target.redirectUri!,
    verifier: newVerifier(),
    scope: oidcScope(c.target),
    state: 'none-after',
    extra: { prompt: 'none', nonce: 'after-login' },
  });
  expect('redirected' in again, 'redirected back without a page').toBe(true);
  const back = (again as { redirected: URL }).redirected;
  expect(back.searchParams.get('code'), `a code (${back.search})`).toBeTruthy();
});

async function endSessionUrl(c: CheckContext): Promise<string> {
  if (c.target.profile.endpoints.endSession) return endpointUrl(c.target, 'endSession');
  const conf = await configuration(c);
  if (typeof conf.end_session_endpoint !== 'string') return c.notApplicable('neither the profile nor the OpenID configuration names an end_session endpoint');
  return String(conf.end_session_endpoint);
}

/** Opens a logout URL and confirms where the provider asks; resolves with where the browser was sent, if anywhere watched. */
async function logoutInBrowser(page: Page, url: string, watched: string): Promise<URL | undefined> {
  let reached: URL | undefined;
  const origin = new URL(watched).origin;
  const matcher = (u: URL) => u.origin === origin;
  const handler = async (route: Route) => {
    reached ??= new URL(route.request().url());
    await route.fulfill({ status: 200, contentType: 'text/plain', body: 'reached' });
  };
  const onRequest = (r: Request) => {
    if (new URL(r.url()).origin === origin) reached ??= new URL(r.url());
  };
  await page.route(matcher, handler);
  page.on('request', onRequest);
  try {
    await page.goto(url).catch(() => undefined);
    // "Sign out?": the user says yes, which is what a confirmation page is for.
    // Buttons may sit outside their form (form="..."), as oidc-provider's do; the first one is the yes.
    const confirm = page.locator('button[type=submit], input[type=submit]').first();
    if (!reached && (await confirm.isVisible().catch(() => false))) {
      await confirm.click();
      await page.waitForLoadState().catch(() => undefined);
    }
    return reached;
  } finally {
    page.off('request', onRequest);
    await page.unroute(matcher, handler);
  }
}

check('oidc.logout.unregistered-redirect', { requires: ['oidc', 'code-flow'] }, async (c) => {
  const url = await endSessionUrl(c);
  const page = await c.openPage();
  const a = await authenticate(c, { page });
  const evil = 'https://attacker.oauth-conformance.invalid/signed-out';
  const q = new URLSearchParams({
    post_logout_redirect_uri: evil,
    state: 'logout-state',
    ...(a.idToken ? { id_token_hint: a.idToken } : { client_id: c.target.credentials.clientId! }),
  });
  const reached = await logoutInBrowser(page, `${url}?${q}`, evil);
  expect(reached?.href, 'the browser was sent to the unregistered post_logout_redirect_uri').toBeUndefined();
});

check('oidc.logout.redirect', { requires: ['oidc', 'code-flow'] }, async (c) => {
  const url = await endSessionUrl(c);
  const target = c.target.postLogoutRedirectUri;
  if (!target) return c.notJudged('the target names no registered post_logout_redirect_uri (postLogoutRedirectUri)', 'post-logout-redirect-uri');
  const page = await c.openPage();
  const a = await authenticate(c, { page });
  const q = new URLSearchParams({
    id_token_hint: requireIdToken(a),
    post_logout_redirect_uri: target!,
    state: 'bye state/+',
  });
  const reached = await logoutInBrowser(page, `${url}?${q}`, target!);
  expect(reached, 'redirected to the registered post_logout_redirect_uri').toBeTruthy();
  expect(reached!.origin + reached!.pathname).toBe(new URL(target!).origin + new URL(target!).pathname);
  expect(reached!.searchParams.get('state'), 'state echoed').toBe('bye state/+');
});
