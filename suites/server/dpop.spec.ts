// DPoP (RFC 9449): tokens bound to the key of the proof sent with the token request (§5, §6), proofs
// refused as §4.3 says, nonces (§8), and resources that take a bound token only with a proof by its
// key (§7). Every refusal is judged only after the server took a valid proof from the same client.
import { decodeJwt } from 'jose';
import { check, expect, type CheckContext } from '../fixtures.ts';
import { assertionAudience, boundToken, callWithProof, clientAuthentication, newProofKey, proofTokenRequest, signProof, type Confidential, type ProofKey } from '../dpop.ts';
import { parseChallenges } from '../well-known.ts';
import type { ResolvedGrant } from '../../lib/resolved-profile.ts';
import { endpointUrl, expectGrantError, show } from '../support.ts';
import type { Resource } from '../../generated/types/index.ts';
import type { Reply } from '../http.ts';

const tokenRequests = ['dpop', 'grant:client_credentials', 'confidential-client'] as const;
const resourceCalls = [...tokenRequests, 'dpop-resources'] as const;

/** The scope a resource needs, asked for with the token that calls it. */
const scopeFor = (r: Resource) => (r.scopes?.length ? r.scopes.join(' ') : undefined);

check('dpop.token.bound', { requires: [...tokenRequests] }, async (c) => {
  const key = await newProofKey(c.given.dpop.algs);
  const { reply } = await proofTokenRequest(c, c.given.grant.client_credentials, c.given.confidential, key, 'client_credentials with a valid DPoP proof');
  expect(reply.status, `status for a token request with a valid proof: ${show(reply)}`).toBe(200);
  expect(String(reply.body?.token_type ?? '').toLowerCase(), 'token_type (compared case-insensitively, RFC 6749 §5.1)').toBe('dpop');
});

check('dpop.token.cnf', { requires: [...tokenRequests] }, async (c) => {
  const key = await newProofKey(c.given.dpop.algs);
  const { token } = await boundToken(c, c.given.grant.client_credentials, c.given.confidential, key);
  let cnf: unknown;
  try {
    cnf = decodeJwt(token).cnf;
  } catch {
    // An opaque token: §6.2 has introspection convey the binding (the client authenticates as at the token endpoint).
    if (!c.target.profile.endpoints.introspect) c.notJudged('the access token is not a JWT and the profile names no introspection endpoint to describe it');
    const url = endpointUrl(c.target, 'introspect');
    const auth = await clientAuthentication(c, c.given.confidential, assertionAudience(c, url));
    const described = await c.http.send('POST', url, { form: { token, ...auth.fields }, ...(auth.basic ? { basic: auth.basic } : {}) }, 'introspect the bound token');
    if (described.status !== 200 || described.body?.active !== true) c.notJudged(`introspection of the bound token answered ${described.status} ${show(described)}`);
    cnf = described.body?.cnf;
  }
  expect(cnf, 'cnf of the bound token').toEqual(expect.objectContaining({ jkt: key.jkt }));
});

/** A bound token was issued for a valid proof: a refusal of a broken one then says something. */
async function accepted(c: CheckContext, g: ResolvedGrant, client: Confidential, key: ProofKey): Promise<void> {
  await boundToken(c, g, client, key);
}

for (const [id, shape, label] of [
  ['dpop.token.wrong-htu', { htu: 'https://oauth-conformance.invalid/token' }, 'a proof for another htu'],
  ['dpop.token.bad-signature', { foreignSignature: true }, 'a proof whose signature does not verify with its jwk'],
  ['dpop.token.old-proof', { iat: -3600 }, 'a proof made an hour ago'],
] as const) {
  check(id, { requires: [...tokenRequests] }, async (c) => {
    const g = c.given.grant.client_credentials;
    const key = await newProofKey(c.given.dpop.algs);
    await accepted(c, g, c.given.confidential, key);
    const { reply } = await proofTokenRequest(c, g, c.given.confidential, key, label, shape);
    expectGrantError(c.target, g, reply, 'invalid_dpop_proof');
  });
}

check('dpop.token.replay', { requires: [...tokenRequests] }, async (c) => {
  const g = c.given.grant.client_credentials;
  const key = await newProofKey(c.given.dpop.algs);
  const first = await proofTokenRequest(c, g, c.given.confidential, key, 'a proof, first use');
  if (first.reply.status !== 200 || !first.proof) c.notJudged(`the server refused the proof’s first use (${first.reply.status} ${show(first.reply)}; judged by dpop.token.bound)`);
  const again = await proofTokenRequest(c, g, c.given.confidential, key, 'the same proof again', { fixed: first.proof });
  // §11.1 names no error code for a replay (§4.3 does not list the jti among a proof's validity rules): any refusal does.
  expect([400, 401], `status for the same proof again: ${show(again.reply)}`).toContain(again.reply.status);
  expect(typeof again.reply.body?.error, `an error code in the refusal: ${show(again.reply)}`).toBe('string');
});

check('dpop.token.nonce-header', { requires: [...tokenRequests] }, async (c) => {
  const key = await newProofKey(c.given.dpop.algs);
  const g = c.given.grant.client_credentials;
  const url = endpointUrl(c.target, g.endpoint);
  const auth = await clientAuthentication(c, c.given.confidential, assertionAudience(c, url));
  const reply = await c.http.send('POST', url, { form: { grant_type: 'client_credentials', ...auth.fields }, ...(auth.basic ? { basic: auth.basic } : {}), headers: { dpop: await signProof(key, 'POST', url) } }, 'a proof without a nonce');
  // The reason names the status and error code only: it stays the same from run to run (baselines compare it).
  if (reply.body?.error !== 'use_dpop_nonce') c.notJudged(`the server asked for no nonce (a proof without one was answered ${reply.status}${typeof reply.body?.error === 'string' ? ` ${reply.body.error}` : ''}), so how it asks was not observed`);
  expect(reply.status, 'status of use_dpop_nonce (§8: HTTP 400)').toBe(400);
  expect(reply.headers['dpop-nonce'] ?? '', 'the DPoP-Nonce header').toMatch(/^[\x21\x23-\x5B\x5D-\x7E]+$/);
});

/** A bound token for the resource and a call with it that works: a refusal of a broken one then says something. */
async function boundForResource(c: CheckContext & { given: { grant: { client_credentials: ResolvedGrant }; confidential: Confidential; resource: Resource; dpop: { algs: string[] } } }): Promise<{ key: ProofKey; token: string }> {
  const key = await newProofKey(c.given.dpop.algs);
  const { token } = await boundToken(c, c.given.grant.client_credentials, c.given.confidential, key, scopeFor(c.given.resource));
  return { key, token };
}

check('dpop.resource.success', { requires: [...resourceCalls] }, async (c) => {
  const { key, token } = await boundForResource(c);
  const reply = await callWithProof(c, c.given.resource, token, key, 'the resource with the bound token and a valid proof');
  if (reply.status !== 200) await tokensTakenThere(c, reply);
  expect(reply.status, `status with the DPoP scheme and a valid proof: ${show(reply)}`).toBe(200);
});

/**
 * A refusal of a bound token says something about DPoP only where the resource takes this grant's
 * tokens at all: an unbound token of the same request must get through as Bearer. Where the server
 * issues none (DPoP required), a refusal of the token itself (invalid_token) cannot be told apart.
 */
async function tokensTakenThere(c: CheckContext & { given: { grant: { client_credentials: ResolvedGrant }; confidential: Confidential; resource: Resource } }, refused: Reply): Promise<void> {
  const plain = await proofTokenRequest(c, c.given.grant.client_credentials, c.given.confidential, undefined, 'control: the same request without a proof', { ...(scopeFor(c.given.resource) ? { scope: scopeFor(c.given.resource)! } : {}) });
  const unbound = plain.reply.body?.access_token;
  if (plain.reply.status === 200 && typeof unbound === 'string' && String(plain.reply.body?.token_type).toLowerCase() === 'bearer') {
    const control = await callWithProof(c, c.given.resource, unbound, undefined, 'control: the unbound token as Bearer', { scheme: 'Bearer' });
    if (control.status !== 200) c.notJudged(`the resource refuses this grant’s tokens whatever the scheme (an unbound one as Bearer: ${control.status} ${show(control)}), so its refusal of the bound one says nothing about DPoP; name a resource these tokens reach (--resource URL)`, 'resource-path');
    return;
  }
  const challenge = refused.headers['www-authenticate'] ?? '';
  if (/error="?invalid_token/i.test(challenge) || refused.body?.error === 'invalid_token') {
    c.notJudged(`the resource refused the token itself (invalid_token: ${show(refused)}), and the server issues no unbound token to tell whether it takes this grant’s tokens at all; name a resource they reach (--resource URL)`, 'resource-path');
  }
}

/** The resource took the token with a valid proof: otherwise a refusal says nothing. */
async function served(c: CheckContext, r: Resource, token: string, key: ProofKey): Promise<void> {
  const ok = await callWithProof(c, r, token, key, 'the resource with the bound token and a valid proof');
  if (ok.status !== 200) c.notJudged(`the resource refused the bound token with a valid proof (${ok.status} ${show(ok)}; judged by dpop.resource.success)`);
}

check('dpop.resource.as-bearer', { requires: [...resourceCalls] }, async (c) => {
  const { key, token } = await boundForResource(c);
  await served(c, c.given.resource, token, key);
  const reply = await callWithProof(c, c.given.resource, token, undefined, 'the bound token with the Bearer scheme, no proof', { scheme: 'Bearer' });
  expect(reply.status, `status for a bound token sent as a bearer token: ${show(reply)}`).toBe(401);
});

/** The bound token, served with a proof by its key, then sent with a valid proof by another key. */
async function byAnotherKey(c: Parameters<typeof boundForResource>[0]): Promise<Reply> {
  const { key, token } = await boundForResource(c);
  await served(c, c.given.resource, token, key);
  const other = await newProofKey(c.given.dpop.algs);
  other.nonce = key.nonce;
  return callWithProof(c, c.given.resource, token, other, 'the bound token with a valid proof by another key');
}

check('dpop.resource.other-key', { requires: [...resourceCalls] }, async (c) => {
  const reply = await byAnotherKey(c);
  expect(reply.status, `status for a proof by another key: ${show(reply)}`).toBe(401);
});

check('dpop.resource.wrong-ath', { requires: [...resourceCalls] }, async (c) => {
  const { key, token } = await boundForResource(c);
  await served(c, c.given.resource, token, key);
  const reply = await callWithProof(c, c.given.resource, token, key, 'the bound token with a proof whose ath hashes another token', { ath: 'rpL9lUhDCPCg2ni0sLpD7OwoLKGH-J6dzW2hVntfmq0' });
  expect(reply.status, `status for a proof with the ath of another token: ${show(reply)}`).toBe(401);
});

check('dpop.resource.challenge', { requires: [...resourceCalls] }, async (c) => {
  const reply = await byAnotherKey(c);
  if (reply.status !== 401) c.notJudged(`the resource answered ${reply.status}, not 401, so it made no challenge (judged by dpop.resource.other-key)`);
  const parsed = parseChallenges(reply.headers['www-authenticate'] ?? '');
  const dpop = 'challenges' in parsed ? parsed.challenges.find((x) => x.scheme === 'dpop') : undefined;
  expect(dpop, `a DPoP challenge in WWW-Authenticate: ${reply.headers['www-authenticate'] ?? '(none)'}`).toBeTruthy();
  expect(dpop?.params.error, 'the DPoP challenge’s error').toBeTruthy();
  expect(dpop?.params.algs ?? '', 'the DPoP challenge’s algs').not.toBe('');
});

check('fapi2.sender-constrained', { requires: [...tokenRequests, 'dpop-required'] }, async (c) => {
  const g = c.given.grant.client_credentials;
  const key = await newProofKey(c.given.dpop.algs);
  await accepted(c, g, c.given.confidential, key);
  const { reply } = await proofTokenRequest(c, g, c.given.confidential, undefined, 'client_credentials without a DPoP proof');
  expect(reply.status, `status for a token request without a proof: ${show(reply)}`).not.toBe(200);
  expect([400, 401], `status for a token request without a proof: ${show(reply)}`).toContain(reply.status);
});
