// OpenID Connect relying parties: the mock plays the provider, the suite plays the user's browser, and
// on purpose serves ID Tokens that are wrong in one way each; the adapter says whether the client took them.
import type { IdTokenSpoil, RecordedExchange } from '../../mock-server/index.ts';
import type { SignInOutcome } from './adapter.ts';
import { clientCheck, expect, type ClientCheckContext } from './fixtures.ts';
import { mockUserAgent } from './user-agent.ts';

function signIn(c: ClientCheckContext): () => Promise<SignInOutcome> {
  if (!c.profile.oidc) c.notApplicable('the profile is not OpenID Connect (no oidc block)');
  const client = c.client;
  if (!client.signIn) c.notApplicable('the adapter offers no signIn: the client is not driven as an OpenID Connect relying party');
  const { username, password } = c.context.credentials;
  if (!username || !password) c.notApplicable('the profile has no demo user to sign in with');
  const l = c.profile.mock.loginPage ?? {};
  const agent = mockUserAgent(c.mock.url, { username: username!, password: password! }, { username: l.usernameField ?? 'username', password: l.passwordField ?? 'password' });
  return () => client.signIn!(agent);
}

const pathOf = (c: ClientCheckContext, name: 'authorize' | 'token') => c.profile.basePath + c.profile.endpoints[name]!.path;

function authorizationRequests(c: ClientCheckContext): URLSearchParams[] {
  return c
    .traffic()
    .all.filter((r) => r.method === 'GET' && r.path.split('?')[0] === pathOf(c, 'authorize'))
    .map((r) => new URLSearchParams(r.path.split('?')[1] ?? ''));
}

function codeExchanges(c: ClientCheckContext): RecordedExchange[] {
  return c.traffic().all.filter((r) => r.method === 'POST' && r.path.split('?')[0] === pathOf(c, 'token') && /grant_type=authorization_code/.test(r.body));
}

/** A correct sign-in first (else a client that refuses everything would pass), then one with a spoiled ID Token. */
async function refuses(c: ClientCheckContext, how: IdTokenSpoil): Promise<void> {
  const go = signIn(c);
  const clean = await go();
  expect(clean.accepted, `a correct sign-in is accepted (${clean.error ?? 'no error'})`).toBe(true);
  // §3.1.3.7 binds the nonce only where one was sent; whether one is sent is client.oidc.state-nonce.
  if (how === 'wrong-nonce' && !authorizationRequests(c)[0]?.get('nonce')) c.notJudged('the client sent no nonce, so none can be wrong (see client.oidc.state-nonce)');
  c.mock.admin.addFault({ id: `id-token-${how}`, method: 'POST', path: pathOf(c, 'token'), idToken: how, times: 1 });
  const spoiled = await go();
  expect(spoiled.accepted, `an ID Token with ${how} is refused`).toBe(false);
}

clientCheck('client.oidc.pkce', { requires: [] }, async (c) => {
  const out = await signIn(c)();
  expect(out.accepted, `the sign-in completes (${out.error ?? 'no error'})`).toBe(true);
  const [req] = authorizationRequests(c);
  expect(req, 'an authentication request reached the authorization endpoint').toBeTruthy();
  expect(req!.get('code_challenge'), 'code_challenge').toBeTruthy();
  expect(req!.get('code_challenge_method'), 'code_challenge_method').toBe('S256');
  const [exchange] = codeExchanges(c);
  expect(exchange, 'a code exchange at the token endpoint').toBeTruthy();
  expect(exchange!.body, 'code_verifier in the code exchange').toMatch(/(^|&)code_verifier=/);
});

clientCheck('client.oidc.state-nonce', { requires: [] }, async (c) => {
  await signIn(c)();
  const [req] = authorizationRequests(c);
  expect(req, 'an authentication request reached the authorization endpoint').toBeTruthy();
  expect(req!.get('scope')?.split(' '), 'openid in scope').toContain('openid');
  expect(req!.get('state'), 'state').toBeTruthy();
  expect(req!.get('nonce'), 'nonce').toBeTruthy();
});

clientCheck('client.oidc.rejects-wrong-nonce', { requires: ['oidc'] }, (c) => refuses(c, 'wrong-nonce'));
clientCheck('client.oidc.rejects-wrong-aud', { requires: ['oidc'] }, (c) => refuses(c, 'wrong-aud'));
clientCheck('client.oidc.rejects-wrong-iss', { requires: ['oidc'] }, (c) => refuses(c, 'wrong-iss'));
clientCheck('client.oidc.rejects-expired', { requires: ['oidc'] }, (c) => refuses(c, 'expired'));
clientCheck('client.oidc.rejects-bad-signature', { requires: ['oidc'] }, (c) => refuses(c, 'bad-signature'));
