// Authorization code with PKCE, driven through the target's own login and consent pages in Chromium.
import { authorizeInBrowser, newVerifier, s256, type AuthorizeOptions } from '../authorize.ts';
import { check, expect, type CheckContext } from '../fixtures.ts';
import { callResource, codeFlow, endpointUrl, expectGrantError, grantOf, heldScope, postGrant, reachable, requestScope } from '../support.ts';

function ready(c: CheckContext) {
  const t = c.target;
  const g = grantOf(t, 'authorization_code');
  if (!g) c.skip('the profile has no authorization_code grant');
  if (!t.redirectUri || !t.credentials.clientId || !t.credentials.username) c.skip('the target gives no client with a redirect URI and no user');
  return g!;
}

async function authorize(c: CheckContext, o: Partial<AuthorizeOptions> = {}) {
  const page = await c.openPage();
  const scope = requestScope(c.target, 'authorization_code');
  return authorizeInBrowser(page, c.target, { clientId: c.target.credentials.clientId!, redirectUri: c.target.redirectUri!, ...(scope ? { scope } : {}), ...o });
}

/** Where the target shows a page it names no selectors for, the login itself could not be tried. */
function loggedIn(c: CheckContext, out: Awaited<ReturnType<typeof authorize>>): asserts out is { redirected: URL } {
  if ('redirected' in out) return;
  if (!c.target.login) c.skip('the target shows a login page but names no login selectors (target.login)');
  throw new Error(`no redirect: ${out.shown.text.slice(0, 200)}`);
}

async function codeWith(c: CheckContext, verifier: string, o: Partial<AuthorizeOptions> = {}): Promise<string> {
  const out = await authorize(c, { verifier, ...o });
  loggedIn(c, out);
  const code = out.redirected.searchParams.get('code');
  // The step that failed is the authorization itself: a later check on the code would blame the wrong rule.
  const hint = requestScope(c.target, 'authorization_code') ? '' : ' (no scope was sent: a server that needs one, e.g. openid, takes requestScope in the profile or target)';
  expect(code, `the authorization ended without a code (${out.redirected.search})${hint}`).toBeTruthy();
  return code!;
}

const exchange = (c: CheckContext, code: string, verifier: string | undefined, redirectUri = c.target.redirectUri!, label = 'code exchange') => {
  const g = grantOf(c.target, 'authorization_code')!;
  return postGrant(c.http, c.target, g, { [g.fields.code]: code, [g.fields.redirectUri]: redirectUri, ...(verifier ? { [g.fields.codeVerifier]: verifier } : {}) }, 'full', undefined, label);
};

check('authz.success', async (c) => {
  ready(c);
  const issued = await codeFlow(c);
  const { accessToken } = issued;
  const res = reachable(c.target, heldScope(issued));
  if (res) expect((await callResource(c, res, { authorization: `Bearer ${accessToken}` })).status).toBe(200);
});

check('authz.state-echoed', async (c) => {
  ready(c);
  const state = `st-${Date.now()} x/y+z`;
  const out = await authorize(c, { verifier: newVerifier(), state });
  loggedIn(c, out);
  expect(out.redirected.searchParams.get('state')).toBe(state);
});

check('authz.pkce-mismatch', async (c) => {
  const g = ready(c);
  const code = await codeWith(c, newVerifier());
  expectGrantError(c.target, g, await exchange(c, code, newVerifier(), undefined, 'exchange with another verifier'), 'invalid_grant');
});

check('authz.code-reuse', async (c) => {
  const g = ready(c);
  const verifier = newVerifier();
  const code = await codeWith(c, verifier);
  expect((await exchange(c, code, verifier)).status).toBe(200);
  expectGrantError(c.target, g, await exchange(c, code, verifier, undefined, 'same code again'), 'invalid_grant');
});

check('authz.code-reuse-revokes', async (c) => {
  ready(c);
  const verifier = newVerifier();
  const code = await codeWith(c, verifier);
  const first = await exchange(c, code, verifier);
  expect(first.status).toBe(200);
  await exchange(c, code, verifier, undefined, 'same code again');
  const res = reachable(c.target, heldScope({ reply: first, asked: requestScope(c.target, 'authorization_code') }));
  if (!res) c.skip('no resource to try the first token at');
  expect((await callResource(c, res!, { authorization: `Bearer ${String(first.body?.access_token)}` }, 'token from the reused code')).status).toBe(401);
});

check('authz.redirect-uri-mismatch', async (c) => {
  const g = ready(c);
  const verifier = newVerifier();
  const code = await codeWith(c, verifier);
  const other = new URL(c.target.redirectUri!);
  other.pathname += '-other';
  expectGrantError(c.target, g, await exchange(c, code, verifier, other.href, 'exchange naming another redirect_uri'), 'invalid_grant');
});

check('authz.unregistered-redirect-uri', async (c) => {
  ready(c);
  const evil = 'https://attacker.oauth-conformance.invalid/callback';
  const page = await c.openPage();
  let reached = false;
  await page.route('https://attacker.oauth-conformance.invalid/**', async (route) => {
    reached = true;
    await route.fulfill({ status: 200, body: 'reached' });
  });
  const out = await authorizeInBrowser(page, c.target, { clientId: c.target.credentials.clientId!, redirectUri: evil, verifier: newVerifier() });
  expect(reached || 'redirected' in out, 'the browser was sent to the unregistered redirect_uri').toBe(false);
});

check('authz.error-state', async (c) => {
  ready(c);
  // An unsupported response_type fails before any login, with a valid redirect URI: RFC 6749 §4.1.2.1
  // has the error go back to the client, state included.
  const t = c.target;
  const state = `err-${Date.now()} x/y+z`;
  const q = new URLSearchParams({ response_type: 'oauth-conformance-unsupported', client_id: t.credentials.clientId!, redirect_uri: t.redirectUri!, state, code_challenge: s256(newVerifier()), code_challenge_method: 'S256' });
  const scope = requestScope(t, 'authorization_code');
  if (scope) q.set('scope', scope);
  const r = await c.http.send('GET', `${endpointUrl(t, 'authorize')}?${q}`, {}, 'authorization request with an unsupported response_type');
  const location = r.headers.location;
  if (!location || r.status < 300 || r.status > 399) c.skip(`the server showed the error (status ${r.status}) instead of redirecting it, so no state could come back`);
  const back = new URL(location!, endpointUrl(t, 'authorize'));
  expect(back.origin + back.pathname, 'redirected to the registered redirect URI').toBe(new URL(t.redirectUri!).origin + new URL(t.redirectUri!).pathname);
  expect(back.searchParams.get('error'), `an error on the redirect (${back.search})`).toBeTruthy();
  expect(back.searchParams.get('state'), 'state echoed on the error redirect').toBe(state);
});

check('authz.access-denied', async (c) => {
  ready(c);
  if (c.target.profile.authorization?.consent === false) c.skip('the profile says the server has no consent step (authorization.consent false): denial cannot be tried');
  if (!c.target.login?.denySelector) c.skip('the target names no deny control (login.denySelector): denial cannot be tried');
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

check('authz.iss', async (c) => {
  ready(c);
  const meta = await metadataOf(c);
  if (meta?.authorization_response_iss_parameter_supported !== true) c.skip('the server does not advertise RFC 9207 (authorization_response_iss_parameter_supported is not true in its metadata)');
  // §2.3: the value is the metadata's issuer, identical.
  await expectIss(c, String(meta!.issuer));
});

check('mcp.authorization-response-iss', async (c) => {
  const revision = c.target.profile.mcp?.revision;
  if (!revision || revision < '2026-07-28') c.skip(revision ? `MCP ${revision} does not ask for iss in authorization responses (2026-07-28 added it)` : 'the profile is not an MCP profile');
  ready(c);
  await expectIss(c, String((await metadataOf(c))?.issuer ?? c.target.issuer));
});

check('authz.plain-pkce-refused', async (c) => {
  ready(c);
  if (c.target.profile.pkce?.methods.includes('plain') !== false) c.skip('the profile allows plain PKCE');
  const out = await authorize(c, { verifier: newVerifier(), method: 'plain', state: 'plain' });
  const refused = 'redirected' in out ? out.redirected.searchParams.get('error') !== null && !out.redirected.searchParams.get('code') : true;
  expect(refused, 'refused with an error, no code').toBe(true);
});

check('authz.pkce-required', async (c) => {
  ready(c);
  if (!c.target.profile.pkce?.required) c.skip('the profile does not require PKCE');
  const out = await authorize(c, { state: 'no-pkce' });
  const refused = 'redirected' in out ? out.redirected.searchParams.get('error') !== null && !out.redirected.searchParams.get('code') : true;
  expect(refused, 'refused with an error, no code').toBe(true);
});
