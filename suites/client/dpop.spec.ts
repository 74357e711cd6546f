// DPoP clients (RFC 9449), clients that authenticate with client assertions (RFC 7523 §2.2) and
// clients of a server that takes pushed authorization requests only (RFC 9126): the client gets a
// bound token by client_credentials and calls the API twice, or signs a user in; each check reads the
// requests the mock recorded (proofs decoded, their signatures checked by the mock as it answered).
import type { RecordedExchange } from '../../mock-server/index.ts';
import { clientCheck, expect, type ClientCheckContext } from './fixtures.ts';
import { mockUserAgent } from './user-agent.ts';

/** A proof as the mock's recorder decoded it. */
interface SentProof {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
}

const asymmetric = /^(RS|PS|ES)(256|384|512)$|^EdDSA$/;

/** Drives the client once per check, then reads every token request and API call it sent. */
async function driven(c: ClientCheckContext, o: { askNonce?: boolean } = {}): Promise<{ sent: RecordedExchange[]; tokens: RecordedExchange[]; api: RecordedExchange[]; accepted: boolean; error?: string }> {
  const run = c.client.senderConstrained?.bind(c.client);
  if (!run) return c.notApplicable('the adapter offers no senderConstrained: the client is not driven as a DPoP client');
  if (!c.context.dpop) return c.notApplicable('the profile has no confidential client allowed client_credentials to use DPoP with');
  // A server that asks for no nonce of its own is made to ask once, by a fault rule (the nonce it sends works).
  if (o.askNonce && !c.profile.dpop?.nonce) c.mock.admin.addFault({ method: 'POST', path: c.profile.basePath + c.profile.endpoints.token!.path, dpop: 'use-nonce', times: 1 });
  const outcome = await run();
  const t = c.traffic();
  const tokens = t.token.filter((r) => r.method === 'POST');
  const api = t.api.filter((r) => r.method !== 'OPTIONS');
  if (!tokens.length) return c.notJudged(`the client sent no token request: ${outcome.error ?? 'no error'}`);
  return { sent: [...tokens, ...api], tokens, api, accepted: outcome.accepted, ...(outcome.error ? { error: outcome.error } : {}) };
}

function label(r: RecordedExchange, all: RecordedExchange[]): string {
  return `${r.method} ${r.path} (request ${all.indexOf(r) + 1} of ${all.length})`;
}

/** The proof a request carried, decoded by the mock's recorder. */
function proofOf(r: RecordedExchange): SentProof | undefined {
  const view = r.tokens?.find((x) => x.where === 'request dpop');
  return view ? { header: view.header as Record<string, unknown>, claims: view.claims as Record<string, unknown> } : undefined;
}

/** A refusal of the proof itself by the mock (not a nonce request, which is the server's to make). */
function proofRefused(r: RecordedExchange): string | undefined {
  const text = `${r.responseBody} ${r.responseHeaders['www-authenticate'] ?? ''}`;
  return /invalid_dpop_proof/.test(text) ? text.slice(0, 300) : undefined;
}

clientCheck('client.dpop.proof', { requires: ['dpop', 'grant:client_credentials'] }, async (c) => {
  const { sent, api, accepted, error } = await driven(c);
  for (const r of sent) {
    const what = label(r, sent);
    const p = proofOf(r);
    expect(p, `${what}: a DPoP header holding one JWT`).toBeTruthy();
    expect(p!.header.typ, `${what}: typ`).toBe('dpop+jwt');
    expect(asymmetric.test(String(p!.header.alg)), `${what}: an asymmetric alg, not ${String(p!.header.alg)}`).toBe(true);
    const jwk = p!.header.jwk as Record<string, unknown> | undefined;
    expect(typeof jwk?.kty, `${what}: a jwk`).toBe('string');
    expect(jwk && 'd' in jwk, `${what}: the jwk is public (no d)`).toBe(false);
    expect(p!.claims.htm, `${what}: htm`).toBe(r.method);
    expect(p!.claims.htu, `${what}: htu is the URI without query`).toBe(`${c.mock.url}${r.path.split('?')[0]}`);
    expect(typeof p!.claims.jti === 'string' && p!.claims.jti.length > 0, `${what}: a jti`).toBe(true);
    expect(typeof p!.claims.iat, `${what}: iat`).toBe('number');
    expect(proofRefused(r), `${what}: the mock refused the proof`).toBeUndefined();
  }
  if (!api.length) return c.notJudged(`the client made no API call with its token (${error ?? 'no error'}), so its resource proofs were not seen`);
  for (const r of api) {
    const what = label(r, sent);
    expect(/^DPoP /i.test(r.headers.authorization ?? ''), `${what}: the DPoP scheme (RFC 9449 §7.1), not ${String(r.headers.authorization).split(' ')[0]}`).toBe(true);
    expect(typeof proofOf(r)!.claims.ath, `${what}: ath, the hash of the token (§4.2)`).toBe('string');
  }
  expect(accepted, `the client reports both calls done (${error ?? 'no error'})`).toBe(true);
});

clientCheck('client.dpop.unique-jti', { requires: ['dpop', 'grant:client_credentials'] }, async (c) => {
  const { sent } = await driven(c);
  const jtis = sent.map((r) => proofOf(r)?.claims.jti).filter((x): x is string => typeof x === 'string');
  if (jtis.length < 2) return c.notJudged(`the client sent ${jtis.length} proof(s); two are needed to compare`);
  expect(new Set(jtis).size, `distinct jti values among ${jtis.length} proofs: ${jtis.join(', ')}`).toBe(jtis.length);
});

clientCheck('client.dpop.nonce', { requires: ['dpop', 'grant:client_credentials'] }, async (c) => {
  const { tokens } = await driven(c, { askNonce: true });
  const asked = tokens.findIndex((r) => /use_dpop_nonce/.test(r.responseBody));
  if (asked < 0) return c.notJudged('the mock asked the client for no nonce (its token requests carried one already, or none was refused)');
  const nonce = tokens[asked]!.responseHeaders['dpop-nonce'];
  const next = tokens[asked + 1];
  expect(next, 'a token request after use_dpop_nonce (RFC 9449 §8: the client retries with the nonce)').toBeTruthy();
  expect(proofOf(next!)?.claims.nonce, `the next proof’s nonce is the DPoP-Nonce the server supplied`).toBe(nonce);
});

clientCheck('client.dpop.one-key', { requires: ['dpop', 'grant:client_credentials'] }, async (c) => {
  const { tokens, api } = await driven(c);
  const issued = tokens.filter((r) => r.status === 200).at(-1);
  if (!issued || !api.length) return c.notJudged('the client got no token or made no API call with it');
  const bound = JSON.stringify(proofOf(issued)?.header.jwk);
  for (const r of api) expect(JSON.stringify(proofOf(r)?.header.jwk), `${r.method} ${r.path}: the proof’s jwk is the one the token was bound to`).toBe(bound);
});

clientCheck('client.private-key-jwt.assertion', { requires: ['auth:private_key_jwt', 'dpop', 'grant:client_credentials'] }, async (c) => {
  if (!c.context.dpop?.privateJwk) return c.notApplicable('the client authenticates with a secret here (the profile takes one)');
  const { tokens } = await driven(c);
  const clientId = c.context.dpop.clientId;
  const issuer = c.mock.url + c.profile.basePath;
  const ours = [issuer, `${issuer}${c.profile.endpoints.token!.path}`];
  const jtis: string[] = [];
  for (const [i, r] of tokens.entries()) {
    const what = `token request ${i + 1} of ${tokens.length}`;
    const view = r.tokens?.find((t) => t.where === 'request client_assertion');
    expect(view, `${what}: a JWT in client_assertion`).toBeTruthy();
    const alg = String((view!.header as Record<string, unknown>).alg);
    expect(asymmetric.test(alg), `${what}: signed with the client’s key (alg ${alg})`).toBe(true);
    const claims = view!.claims as Record<string, unknown>;
    expect(claims.iss, `${what}: iss`).toBe(clientId);
    expect(claims.sub, `${what}: sub`).toBe(clientId);
    expect([claims.aud].flat().some((x) => typeof x === 'string' && ours.includes(x)), `${what}: aud names the server (${ours.join(' or ')}), got ${JSON.stringify(claims.aud)}`).toBe(true);
    expect(typeof claims.exp, `${what}: exp`).toBe('number');
    expect(/invalid_client/.test(r.responseBody), `${what}: the mock took the assertion (${r.responseBody.slice(0, 200)})`).toBe(false);
    if (typeof claims.jti === 'string') jtis.push(claims.jti);
  }
  expect(new Set(jtis).size, `jti values are unique (RFC 7519 §4.1.7): ${jtis.join(', ')}`).toBe(jtis.length);
});

clientCheck('client.par.used', { requires: ['par-required', 'grant:authorization_code'] }, async (c) => {
  const signIn = c.client.signIn?.bind(c.client);
  if (!signIn) return c.notApplicable('the adapter offers no signIn: the client is not driven through a sign-in');
  const { username, password } = c.context.credentials;
  if (!username || !password) return c.notApplicable('the profile has no demo user to sign in with');
  const l = c.profile.mock.loginPage ?? {};
  const outcome = await signIn(mockUserAgent(c.mock.url, { username, password }, { username: l.usernameField ?? 'username', password: l.passwordField ?? 'password' }));
  const all = c.traffic().all;
  const parPath = c.profile.basePath + c.profile.endpoints.par!.path;
  const authorizePath = c.profile.basePath + c.profile.endpoints.authorize!.path;
  const authorizations = all.filter((r) => r.method === 'GET' && r.path.split('?')[0] === authorizePath);
  if (!authorizations.length) return c.notJudged(`the client sent the user to no authorization request (${outcome.error ?? 'no error'})`);
  const pushed = all.filter((r) => r.method === 'POST' && r.path === parPath && r.status === 201).map((r) => (JSON.parse(r.responseBody) as { request_uri?: string }).request_uri);
  for (const r of authorizations) {
    const q = new URLSearchParams(r.path.split('?')[1] ?? '');
    expect(q.get('request_uri'), `${r.path.split('?')[0]}: a request_uri the client got from pushing its request (RFC 9126 §4), not the request itself`).toBeTruthy();
    expect(pushed, 'the request_uri is one the PAR endpoint issued to the client').toContain(q.get('request_uri'));
    expect([...q.keys()].sort(), 'client_id and request_uri alone (§4)').toEqual(['client_id', 'request_uri']);
  }
  expect(outcome.accepted, `the client completed the sign-in (${outcome.error ?? 'no error'})`).toBe(true);
});
