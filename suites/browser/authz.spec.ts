// Authorization code with PKCE, driven through the target's own login and consent pages in Chromium.
import { authorizeInBrowser, newVerifier, s256, type AuthorizeOptions } from '../authorize.ts';
import { check, expect, type CheckContext } from '../fixtures.ts';
import { callResource, codeFlow, codeFrom, endpointUrl, expectGrantError, grantOf, heldScope, postGrant, reachable, requestScope } from '../support.ts';

async function authorize(c: CheckContext, o: Partial<AuthorizeOptions> = {}) {
  const page = await c.openPage();
  const scope = requestScope(c.target, 'authorization_code');
  return authorizeInBrowser(page, c.target, { clientId: c.target.credentials.clientId!, redirectUri: c.target.redirectUri!, ...(scope ? { scope } : {}), ...o });
}

/** Where the target shows a page it names no selectors for, the login itself could not be tried. */
function loggedIn(c: CheckContext, out: Awaited<ReturnType<typeof authorize>>): asserts out is { redirected: URL } {
  if ('redirected' in out) return;
  if (!c.target.login) c.notJudged('the target shows a login page but names no login selectors (target.login)', 'login');
  throw new Error(`no redirect: ${out.shown.text.slice(0, 200)}`);
}

async function codeWith(c: CheckContext, verifier: string, o: Partial<AuthorizeOptions> = {}): Promise<string> {
  const out = await authorize(c, { verifier, ...o });
  loggedIn(c, out);
  return codeFrom(c, out.redirected, o.scope ?? requestScope(c.target, 'authorization_code'));
}

/**
 * Whether an authorization request was refused: an error redirect without a code, or an error page. A
 * page with a success status that the suite cannot log in through may be the login page, so whether
 * a code would follow was not observed: not judged.
 */
function refusedWithoutCode(c: CheckContext, out: Awaited<ReturnType<typeof authorize>>): boolean {
  if ('redirected' in out) return out.redirected.searchParams.get('error') !== null && !out.redirected.searchParams.get('code');
  if (out.shown.status < 400 && !c.target.login) c.notJudged('the server showed a page the suite cannot log in through (no login selectors), so whether a code would follow was not seen', 'login');
  return true;
}

const exchange = (c: CheckContext, code: string, verifier: string | undefined, redirectUri = c.target.redirectUri!, label = 'code exchange') => {
  const g = grantOf(c.target, 'authorization_code')!;
  return postGrant(c.http, c.target, g, { [g.fields.code]: code, [g.fields.redirectUri]: redirectUri, ...(verifier ? { [g.fields.codeVerifier]: verifier } : {}) }, 'full', undefined, label);
};

check('authz.success', { requires: ['code-flow'] }, async (c) => {
  const issued = await codeFlow(c);
  const { accessToken } = issued;
  const res = reachable(c.target, heldScope(issued));
  if (res) expect((await callResource(c, res, { authorization: `Bearer ${accessToken}` })).status).toBe(200);
});

check('authz.state-echoed', { requires: ['code-flow'] }, async (c) => {
  const state = `st-${Date.now()} x/y+z`;
  const out = await authorize(c, { verifier: newVerifier(), state });
  loggedIn(c, out);
  expect(out.redirected.searchParams.get('state')).toBe(state);
});

check('authz.pkce-mismatch', { requires: ['code-flow'] }, async (c) => {
  const g = c.given.codeGrant;
  const code = await codeWith(c, newVerifier());
  expectGrantError(c.target, g, await exchange(c, code, newVerifier(), undefined, 'exchange with another verifier'), 'invalid_grant');
});

check('authz.code-reuse', { requires: ['code-flow'] }, async (c) => {
  const g = c.given.codeGrant;
  const verifier = newVerifier();
  const code = await codeWith(c, verifier);
  expect((await exchange(c, code, verifier)).status).toBe(200);
  expectGrantError(c.target, g, await exchange(c, code, verifier, undefined, 'same code again'), 'invalid_grant');
});

check('authz.code-reuse-revokes', { requires: ['code-flow'] }, async (c) => {
  const verifier = newVerifier();
  const code = await codeWith(c, verifier);
  const first = await exchange(c, code, verifier);
  expect(first.status).toBe(200);
  await exchange(c, code, verifier, undefined, 'same code again');
  const res = reachable(c.target, heldScope({ reply: first, asked: requestScope(c.target, 'authorization_code') }));
  if (!res) return c.notJudged('no resource to try the first token at', 'resource-path');
  expect((await callResource(c, res, { authorization: `Bearer ${String(first.body?.access_token)}` }, 'token from the reused code')).status).toBe(401);
});

check('authz.redirect-uri-mismatch', { requires: ['code-flow'] }, async (c) => {
  const g = c.given.codeGrant;
  const verifier = newVerifier();
  const code = await codeWith(c, verifier);
  const other = new URL(c.given.redirectUri);
  other.pathname += '-other';
  expectGrantError(c.target, g, await exchange(c, code, verifier, other.href, 'exchange naming another redirect_uri'), 'invalid_grant');
});

check('authz.unregistered-redirect-uri', { requires: ['code-flow'] }, async (c) => {
  const evil = 'https://attacker.oauth-conformance.invalid/callback';
  const page = await c.openPage();
  let reached = false;
  await page.route('https://attacker.oauth-conformance.invalid/**', async (route) => {
    reached = true;
    await route.fulfill({ status: 200, body: 'reached' });
  });
  const out = await authorizeInBrowser(page, c.target, { clientId: c.given.clientId, redirectUri: evil, verifier: newVerifier() });
  // A page shown with success status to a suite that cannot log in may be the login page: what the
  // server does after the login was not observed. An error status, or a login gone through, was.
  if (!reached && !('redirected' in out) && out.shown.status < 400 && !c.target.login) {
    return c.notJudged('the server showed a page the suite cannot log in through (no login selectors), so where it sends the browser after the login was not seen', 'login');
  }
  expect(reached || 'redirected' in out, 'the browser was sent to the unregistered redirect_uri').toBe(false);
});

check('authz.error-state', { requires: ['grant:authorization_code', 'direct-authorization', 'client-id', 'redirect-uri'] }, async (c) => {
  // An unsupported response_type fails before any login, with a valid redirect URI: RFC 6749 §4.1.2.1
  // has the error go back to the client, state included.
  const t = c.target;
  const state = `err-${Date.now()} x/y+z`;
  const q = new URLSearchParams({ response_type: 'oauth-conformance-unsupported', client_id: c.given.clientId, redirect_uri: c.given.redirectUri, state, code_challenge: s256(newVerifier()), code_challenge_method: 'S256' });
  const scope = requestScope(t, 'authorization_code');
  if (scope) q.set('scope', scope);
  const r = await c.http.send('GET', `${endpointUrl(t, 'authorize')}?${q}`, {}, 'authorization request with an unsupported response_type');
  const location = r.headers.location;
  if (!location || r.status < 300 || r.status > 399) return c.notJudged(`the server showed the error (status ${r.status}) instead of redirecting it, so no state could come back`);
  const back = new URL(location, endpointUrl(t, 'authorize'));
  const registered = new URL(c.given.redirectUri);
  expect(back.origin + back.pathname, 'redirected to the registered redirect URI').toBe(registered.origin + registered.pathname);
  expect(back.searchParams.get('error'), `an error on the redirect (${back.search})`).toBeTruthy();
  expect(back.searchParams.get('state'), 'state echoed on the error redirect').toBe(state);
});

check('authz.unsupported-response-type', { requires: ['code-flow'] }, async (c) => {
  // Through the browser: a server that asks for the login first still sends the error back after it.
  const out = await authorize(c, { verifier: newVerifier(), state: 'unsupported', extra: { response_type: 'oauth_conformance_unsupported' } });
  if (!('redirected' in out) && out.shown.status < 400 && !c.target.login) return c.notJudged('the server showed a page the suite cannot log in through (no login selectors), so whether the error comes back was not seen', 'login');
  expect('redirected' in out, `the error goes back to the client on the redirect URI (RFC 6749 §4.1.2.1), not on a page: ${'shown' in out ? `status ${out.shown.status}, ${out.shown.text.slice(0, 120)}` : ''}`).toBe(true);
  const back = (out as { redirected: URL }).redirected;
  expect(back.searchParams.get('error'), `the error code on the redirect (${back.search})`).toBe('unsupported_response_type');
});

check('authz.redirect-uri-exact', { requires: ['code-flow'] }, async (c) => {
  // The registered URI with a query added: simple string comparison (RFC 3986 §6.2.1) tells them apart.
  const registered = c.given.redirectUri;
  const added = `${registered}${registered.includes('?') ? '&' : '?'}oauth_conformance_injected=1`;
  const out = await authorize(c, { redirectUri: added, verifier: newVerifier(), state: 'exact' });
  if (!('redirected' in out)) {
    if (out.shown.status < 400 && !c.target.login) return c.notJudged('the server showed a page the suite cannot log in through (no login selectors), so where it sends the browser after the login was not seen', 'login');
    return;
  }
  expect(out.redirected.searchParams.has('oauth_conformance_injected'), `the browser was sent to the redirect URI with the added query (${out.redirected.origin}${out.redirected.pathname}${out.redirected.search.replace(/code=[^&]+/, 'code=…')})`).toBe(false);
});

check('authz.access-denied', { requires: ['code-flow'] }, async (c) => {
  if (c.target.profile.authorization?.consent === false) c.notApplicable('the profile says the server has no consent step (authorization.consent false): denial cannot be tried');
  if (!c.target.login?.denySelector) c.notJudged('the target names no deny control (login.denySelector): denial cannot be tried', 'deny-control');
  const out = await authorize(c, { verifier: newVerifier(), state: 'deny-state', decision: 'deny' });
  loggedIn(c, out);
  expect(out.redirected.searchParams.get('error')).toBe('access_denied');
});

/** The server's metadata (RFC 8414, else OpenID Discovery), if the profile names where it lives. */
async function metadataOf(c: CheckContext): Promise<Record<string, unknown> | undefined> {
  const e = c.target.profile.endpoints;
  const name = e.metadata ? 'metadata' : e.discovery ? 'discovery' : undefined;
  if (!name) return undefined;
  const r = await c.http.send('GET', endpointUrl(c.target, name), {}, 'server metadata');
  return r.status === 200 ? r.body : undefined;
}

/**
 * RFC 9207 §2: iss on the success response, and on the error response to an unsupported
 * response_type, which RFC 6749 §4.1.2.1 has the server redirect before any login (a server that
 * shows a page instead is judged on the success response alone: no error response reached us).
 */
async function expectIss(c: CheckContext, issuer: string) {
  const out = await authorize(c, { verifier: newVerifier(), state: 'iss' });
  loggedIn(c, out);
  expect(out.redirected.searchParams.get('iss'), `iss in the authorization response (${out.redirected.search})`).toBe(issuer);
  const refused = await authorize(c, { verifier: newVerifier(), state: 'iss-error', extra: { response_type: 'oauth_conformance_unsupported' } });
  if (!('redirected' in refused) || !refused.redirected.searchParams.get('error')) return;
  expect(refused.redirected.searchParams.get('iss'), `iss in the error response (${refused.redirected.search})`).toBe(issuer);
}

check('authz.iss', { requires: ['code-flow'] }, async (c) => {
  const meta = await metadataOf(c);
  if (meta?.authorization_response_iss_parameter_supported !== true) return c.notApplicable('the server does not advertise RFC 9207 (authorization_response_iss_parameter_supported is not true in its metadata)');
  // §2.3: the value is the metadata's issuer, identical.
  await expectIss(c, String(meta.issuer));
});

check('mcp.authorization-response-iss', { requires: ['mcp', 'code-flow'] }, async (c) => {
  const revision = c.given.mcp.revision;
  if (revision < '2026-07-28') c.notApplicable(`MCP ${revision} does not ask for iss in authorization responses (2026-07-28 added it)`);
  await expectIss(c, String((await metadataOf(c))?.issuer ?? c.target.issuer));
});

/** RFC 7636 §4.4.1: a PKCE refusal that goes back to the client names invalid_request (an error page names nothing to judge). */
function expectPkceRefusal(c: CheckContext, out: Awaited<ReturnType<typeof authorize>>): void {
  expect(refusedWithoutCode(c, out), 'refused with an error, no code').toBe(true);
  if ('redirected' in out) expect(out.redirected.searchParams.get('error'), `the error code of the refusal (${out.redirected.search})`).toBe('invalid_request');
}

check('authz.plain-pkce-refused', { requires: ['code-flow'] }, async (c) => {
  if (c.target.profile.pkce?.methods.includes('plain') !== false) c.notApplicable('the profile allows plain PKCE');
  expectPkceRefusal(c, await authorize(c, { verifier: newVerifier(), method: 'plain', state: 'plain' }));
});

check('authz.pkce-required', { requires: ['code-flow'] }, async (c) => {
  if (!c.target.profile.pkce?.required) c.notApplicable('the profile does not require PKCE');
  expectPkceRefusal(c, await authorize(c, { state: 'no-pkce' }));
});
