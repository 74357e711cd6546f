// Clients of the grants beyond the redirect: token exchange (RFC 8693) and JWT bearer assertions
// (RFC 7523). The mock plays the authorization server; each check reads the requests the client sent.
import { fingerprint } from '../../lib/redact.ts';
import type { RecordedExchange } from '../../mock-server/index.ts';
import { clientCheck, expect, type ClientCheckContext } from './fixtures.ts';

const exchangeUrn = 'urn:ietf:params:oauth:grant-type:token-exchange';
const bearerUrn = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

function grantRequests(c: ClientCheckContext, urn: string): { r: RecordedExchange; p: URLSearchParams }[] {
  return c
    .traffic()
    .token.filter((r) => r.method === 'POST')
    .map((r) => ({ r, p: new URLSearchParams(r.body) }))
    .filter((x) => x.p.get('grant_type') === urn);
}

clientCheck('client.token-exchange.request', { requires: ['grant:token_exchange'] }, async (c) => {
  const te = c.context.tokenExchange;
  const exchangeToken = c.client.exchangeToken?.bind(c.client);
  if (!exchangeToken) return c.notApplicable('the adapter offers no exchangeToken: the client is not driven as a token exchange client');
  if (!te) return c.notApplicable('the profile names no audience its token exchange mints for (tokenExchange.audiences)');
  const subject = (await c.mock.admin.mintToken({ clientId: te.clientId, scope: c.profile.scopes.supported.slice(0, 1) })).access_token;
  const outcome = await exchangeToken(subject);
  const [first] = grantRequests(c, exchangeUrn);
  if (!first) return c.notJudged(`the client sent no token exchange request (grant_type ${exchangeUrn}): ${outcome.error ?? 'no error'}`);
  const { r, p } = first;
  // The recording holds fingerprints, never tokens.
  expect(p.get('subject_token'), 'subject_token is the token the client was given (by fingerprint)').toBe(fingerprint(subject));
  expect(p.get('subject_token_type'), 'subject_token_type: the registered identifier of an access token (§3)').toBe('urn:ietf:params:oauth:token-type:access_token');
  if (!p.get('actor_token')) expect(p.get('actor_token_type'), 'no actor_token_type without actor_token (§2.1)').toBeNull();
  const authenticated = /^basic /i.test(r.headers.authorization ?? '') || Boolean(p.get('client_secret'));
  expect(authenticated, 'the client authenticates (Basic or client_secret_post)').toBe(true);
  expect([...p.getAll('audience'), ...p.getAll('resource')], `the audience it wants (${te.audience})`).toContain(te.audience);
  expect(r.status, `the mock took the request (${r.responseBody.slice(0, 200)})`).toBe(200);
  expect(outcome.accepted, `the client reports the exchange done (${outcome.error ?? 'no error'})`).toBe(true);
});

clientCheck('client.jwt-bearer.assertion', { requires: ['grant:jwt_bearer'] }, async (c) => {
  const a = c.context.assertion;
  const assertionGrant = c.client.assertionGrant?.bind(c.client);
  if (!assertionGrant) return c.notApplicable('the adapter offers no assertionGrant: the client is not driven as a JWT bearer client');
  if (!a) return c.notApplicable('the profile has no demo assertion issuer (mock.assertionKeys)');
  const outcomes = [await assertionGrant(), await assertionGrant()];
  const sent = grantRequests(c, bearerUrn);
  if (!sent.length) return c.notJudged(`the client presented no assertion (grant_type ${bearerUrn}): ${outcomes[0]!.error ?? 'no error'}`);
  const issuer = c.mock.url + c.profile.basePath;
  const ours = [issuer, `${issuer}${c.profile.endpoints.token!.path}`];
  const jtis: string[] = [];
  for (const [i, { r }] of sent.entries()) {
    const what = `assertion ${i + 1} of ${sent.length}`;
    // The recording keeps the assertion decoded (header and claims) under its fingerprint.
    const view = r.tokens?.find((t) => t.where === 'request assertion');
    expect(view, `${what}: a JWT in the assertion parameter`).toBeTruthy();
    const alg = (view!.header as Record<string, unknown>).alg;
    expect(typeof alg === 'string' && alg !== 'none' && !alg.startsWith('HS'), `${what}: signed with the issuer’s asymmetric key (alg ${String(alg)})`).toBe(true);
    const claims = view!.claims as Record<string, unknown>;
    expect(claims.iss, `${what}: iss`).toBe(a.issuer);
    expect(typeof claims.sub === 'string' && claims.sub.length > 0, `${what}: sub`).toBe(true);
    expect([claims.aud].flat().some((x) => typeof x === 'string' && ours.includes(x)), `${what}: aud names the server (${ours.join(' or ')}), got ${JSON.stringify(claims.aud)}`).toBe(true);
    expect(typeof claims.exp, `${what}: exp`).toBe('number');
    // The mock verified the signature with the issuer's key as it answered (RFC 7523 §3): its refusal says why.
    expect(r.status, `${what}: the mock took it (${r.responseBody.slice(0, 200)})`).toBe(200);
    if (typeof claims.jti === 'string') jtis.push(claims.jti);
  }
  expect(new Set(jtis).size, `jti values are unique (RFC 7519 §4.1.7): ${jtis.join(', ')}`).toBe(jtis.length);
  expect(outcomes.map((o) => o.accepted), `the client got a token each time (${outcomes.map((o) => o.error ?? 'ok').join('; ')})`).toEqual([true, true]);
});
