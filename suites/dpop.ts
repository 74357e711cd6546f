// RFC 9449 from the client's side: a key the suite holds, proofs it signs per request (§4.2), the
// nonce a server asks for answered once (§8, §9), and a client that authenticates as the profile
// allows (a secret, else a private_key_jwt assertion, RFC 7523 §2.2).
import { SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import { sha256Base64url } from '#platform';
import type { Resource } from '../generated/types/index.ts';
import type { ResolvedGrant } from '../lib/resolved-profile.ts';
import type { CheckContext } from './fixtures.ts';
import type { Reply } from './http.ts';
import { signAssertion } from './jwt-bearer.ts';
import { endpointUrl, requestScope, resourceUrl, show } from './support.ts';

/** The client's DPoP key and the last nonce a server gave it (nonces are per server, §9). */
export interface ProofKey {
  alg: string;
  privateKey: CryptoKey;
  jwk: JWK;
  jkt: string;
  nonce?: string;
}

export interface ProofShape {
  htu?: string;
  /** Seconds from now. */
  iat?: number;
  /** Sign with another key while naming this one's jwk: a signature that does not verify (§4.3 item 6). */
  foreignSignature?: boolean;
  /** The hash of another access token than the one sent (§4.3 item 12). */
  ath?: string;
}

/** A key of an algorithm the server takes (§5.1 dpop_signing_alg_values_supported): ES256 first, as most clients use. */
export async function newProofKey(algs: readonly string[]): Promise<ProofKey> {
  const alg = ['ES256', 'EdDSA', 'PS256', 'RS256'].find((a) => algs.includes(a)) ?? 'ES256';
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true, ...(alg === 'EdDSA' ? { crv: 'Ed25519' } : {}) });
  const jwk = await exportJWK(publicKey);
  return { alg, privateKey, jwk, jkt: await calculateJwkThumbprint(jwk) };
}

/** §4.2: typ dpop+jwt, the public jwk, and jti, htm, htu, iat; ath with an access token; the server's nonce. */
export async function signProof(key: ProofKey, htm: string, htu: string, o: ProofShape & { accessToken?: string } = {}): Promise<string> {
  const signer = o.foreignSignature ? (await generateKeyPair(key.alg, key.alg === 'EdDSA' ? { crv: 'Ed25519' } : {})).privateKey : key.privateKey;
  const ath = o.ath ?? (o.accessToken === undefined ? undefined : sha256Base64url(o.accessToken));
  return new SignJWT({ jti: `oauth-conformance-${crypto.randomUUID()}`, htm, htu: o.htu ?? htu, ...(ath ? { ath } : {}), ...(key.nonce ? { nonce: key.nonce } : {}) })
    .setProtectedHeader({ typ: 'dpop+jwt', alg: key.alg, jwk: key.jwk })
    .setIssuedAt(Math.floor(Date.now() / 1000) + (o.iat ?? 0))
    .sign(signer);
}

/** Whether a reply asks for a (new) nonce: 400 use_dpop_nonce from a server (§8), 401 with a DPoP challenge from a resource (§9). */
function asksForNonce(r: Reply): boolean {
  return r.body?.error === 'use_dpop_nonce' || /error="?use_dpop_nonce/i.test(r.headers['www-authenticate'] ?? '');
}

/**
 * Sends a request with a proof made for it; a server that asks for a nonce gets one more request
 * signed with it (§8: "The client will typically retry the request with the new nonce value"). A
 * `fixed` proof is sent as it is (a replay).
 */
export async function withProof(key: ProofKey, send: (proof: string) => Promise<Reply>, make: () => Promise<string>, fixed?: string): Promise<Reply> {
  const first = await send(fixed ?? (await make()));
  remember(key, first);
  if (fixed !== undefined || !asksForNonce(first) || !first.headers['dpop-nonce']) return first;
  const again = await send(await make());
  remember(key, again);
  return again;
}

function remember(key: ProofKey, r: Reply): void {
  const nonce = r.headers['dpop-nonce'];
  if (nonce) key.nonce = nonce;
}

export type Confidential = { id: string; secret: string } | { id: string; key: string };

/**
 * The aud of the suite's client assertions for a request to `url`: the issuer identifier where the
 * profile says its clients use it (FAPI 2.0), else the URL (OpenID Connect Core §9: "The Audience
 * SHOULD be the URL of the Authorization Server's Token Endpoint").
 */
export function assertionAudience(c: CheckContext, url: string): string {
  const learned = learnedAudience.get(c.target.issuer);
  return (learned ?? c.target.profile.clientAuth.assertionAudience) === 'issuer' ? c.target.issuer : url;
}

// Servers differ on the aud they take (RFC 7523 §3 lets the server decide what identifies it; FAPI 2.0
// servers may take the issuer alone, some others the token endpoint alone): what worked, per server.
const learnedAudience = new Map<string, 'issuer' | 'token-endpoint'>();

/**
 * A request authenticated by a valid client assertion; refused as invalid_client, it is sent once more
 * naming the other value that identifies the server (the issuer, or the endpoint's URL), and the one
 * that works is kept for the run. Which of the two a server takes is its choice, never a verdict.
 */
export async function withAssertionAudience<T extends { reply: Reply }>(c: CheckContext, url: string, send: (aud: string) => Promise<T>): Promise<T> {
  const aud = assertionAudience(c, url);
  const first = await send(aud);
  if (first.reply.body?.error !== 'invalid_client') return first;
  const other: 'issuer' | 'token-endpoint' = aud === c.target.issuer ? 'token-endpoint' : 'issuer';
  const second = await send(other === 'issuer' ? c.target.issuer : url);
  if (second.reply.status >= 400) return first;
  learnedAudience.set(c.target.issuer, other);
  return second;
}

/** A confidential client's authentication (RFC 6749 §2.3, RFC 7523 §2.2) for a request to `url`; an assertion's aud is `aud`. */
export async function clientAuthentication(c: CheckContext, client: Confidential, aud: string): Promise<{ fields: Record<string, string>; basic?: [string, string] }> {
  if ('secret' in client) {
    return c.target.profile.clientAuth.methods.includes('client_secret_basic') ? { fields: {}, basic: [client.id, client.secret] } : { fields: { client_id: client.id, client_secret: client.secret } };
  }
  const assertion = await signAssertion(c, { issuer: client.id, subject: client.id, key: client.key }, { aud });
  return { fields: { client_id: client.id, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion } };
}

/** A client_credentials request with a proof (or none: `key` undefined), its client authenticated. */
export async function proofTokenRequest(c: CheckContext, g: ResolvedGrant, client: Confidential, key: ProofKey | undefined, label: string, o: ProofShape & { scope?: string; fixed?: string } = {}): Promise<{ reply: Reply; proof: string | undefined }> {
  const url = endpointUrl(c.target, g.endpoint);
  const scope = o.scope ?? requestScope(c.target, g.type);
  const attempt = async (aud: string) => {
    let last: string | undefined;
    const send = async (proof: string | undefined) => {
      last = proof;
      const auth = await clientAuthentication(c, client, aud);
      const form = { grant_type: 'client_credentials', ...(scope ? { [g.fields.scope]: scope } : {}), ...auth.fields };
      return c.http.send('POST', url, { form, ...(auth.basic ? { basic: auth.basic } : {}), ...(proof ? { headers: { dpop: proof } } : {}) }, label);
    };
    if (!key) return { reply: await send(undefined), proof: undefined };
    // A replayed proof is the point of its request: its refusal is not the assertion's.
    const reply = await withProof(key, send, () => signProof(key, 'POST', url, o), o.fixed);
    return { reply, proof: last };
  };
  return 'secret' in client || o.fixed !== undefined ? attempt(assertionAudience(c, url)) : withAssertionAudience(c, url, attempt);
}

/** A DPoP-bound token for `key`: a check about one judges nothing when the server will not issue it. */
export async function boundToken(c: CheckContext, g: ResolvedGrant, client: Confidential, key: ProofKey, scope?: string): Promise<{ token: string; reply: Reply }> {
  const { reply } = await proofTokenRequest(c, g, client, key, 'client_credentials with a valid DPoP proof', scope ? { scope } : {});
  const token = reply.body?.access_token;
  if (reply.status !== 200 || typeof token !== 'string' || String(reply.body?.token_type).toLowerCase() !== 'dpop') {
    c.notJudged(`the server issued no DPoP-bound token for a valid proof (${reply.status} ${show(reply)}; judged by dpop.token.bound)`);
  }
  return { token: token as string, reply };
}

/** A call of the resource with a token and a proof (the DPoP scheme), or the Bearer scheme alone. */
export async function callWithProof(c: CheckContext, r: Resource, token: string, key: ProofKey | undefined, label: string, o: ProofShape & { scheme?: 'DPoP' | 'Bearer' } = {}): Promise<Reply> {
  const url = resourceUrl(c.target, r);
  const method = r.method ?? 'GET';
  const send = (proof: string | undefined) => c.http.send(method, url, { headers: { authorization: `${o.scheme ?? 'DPoP'} ${token}`, ...(proof ? { dpop: proof } : {}) }, ...(method === 'GET' ? {} : { json: {} }) }, label);
  const reply = key ? await withProof(key, send, () => signProof(key, method, url, { ...o, accessToken: token })) : await send(undefined);
  if (reply.status === 404 || reply.status === 405) c.notJudged(`${method} ${url} answered ${reply.status}: the server does not serve this resource, so no token handling was observed`, 'resource-path');
  return reply;
}
