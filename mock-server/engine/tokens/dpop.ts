// RFC 9449 DPoP: a proof JWT the client signs for each request, proving it holds the key an access
// token is bound to. Checked in the order §4.3 lists; every refusal names its rule. Proofs are
// used once per target URI (§11.1) through the store, so every instance sharing it refuses a replay.
import { importVerifyKey, sha256Base64url, verifyJwsInput, type VerifyKey } from '#platform';
import { decodeBase64, decodeBase64url } from '../../../lib/base64.ts';
import type { EngineContext } from '../core/context.ts';
import { OAuthError } from '../core/oauth-error.ts';
import { defect } from '../core/defects.ts';
import { hasPrivateMembers, thumbprintInput } from '../../../lib/jwk.ts';
import { seal, unseal } from './sealed.ts';

/** What a valid proof establishes: the key (by its RFC 7638 thumbprint) the request was signed with. */
export interface Proof {
  jkt: string;
}

/** Where a proof was sent: its method and target URI (without query), and whether an access token came with it. */
export interface ProofSite {
  method: string;
  /** scheme://host[:port]/path the request was sent to. */
  url: string;
  /** The access token the proof must hash in `ath` (§4.2), at a protected resource. */
  accessToken?: string;
  /** 400 at the token and PAR endpoints (§5), 401 with a DPoP challenge at a resource (§7.1). */
  at: 'server' | 'resource';
}

// A proof issued a little in the future is clock skew, not a forgery (§11.1).
const futureSkew = 60;
// Nonces are valid for the window they were issued in and the two before it (§8: the server decides).
const nonceWindow = 60;

export function dpopError(site: Pick<ProofSite, 'at'>, code: 'invalid_dpop_proof' | 'use_dpop_nonce', description: string, headers: Record<string, string> = {}): OAuthError {
  return new OAuthError(code, description, { status: site.at === 'server' ? 400 : 401, headers, challenge: 'DPoP' });
}

/** The one DPoP header of a request; undefined when none came. Several are refused (§4.3 item 1). */
export function proofHeader(headers: Readonly<Record<string, string>>, site: Pick<ProofSite, 'at'>): string | undefined {
  const value = headers.dpop;
  if (value === undefined) return undefined;
  // Transports join repeated fields with ", "; a compact JWS never holds a comma or a space.
  if (/[,\s]/.test(value.trim())) throw dpopError(site, 'invalid_dpop_proof', 'send exactly one DPoP header holding one JWT (RFC 9449 §4.3)');
  return value.trim();
}

/** §4.3: the proof is a JWT of type dpop+jwt, signed with the public key it carries, for this request, now, once. */
export async function verifyProof(ctx: EngineContext, proof: string, site: ProofSite): Promise<Proof> {
  const rules = ctx.profile.dpop!;
  const refuse = (why: string) => dpopError(site, 'invalid_dpop_proof', why);
  // §4.3 item 2: a single, well-formed JWT (JWS compact serialisation, RFC 7515 §7.1).
  const parts = proof.split('.');
  const header = parts.length === 3 ? jsonObject(parts[0]!) : undefined;
  const claims = parts.length === 3 ? jsonObject(parts[1]!) : undefined;
  const signature = parts.length === 3 ? decodeBase64url(parts[2]!) : undefined;
  if (!header || !claims || !signature) throw refuse('the DPoP proof is not a JWT (RFC 9449 §4.3 item 2)');
  if (header.typ !== 'dpop+jwt') throw refuse('the DPoP proof’s typ must be dpop+jwt (RFC 9449 §4.3 item 4)');
  // §4.3 item 5: an asymmetric algorithm the server supports, never none or a MAC.
  const alg = header.alg;
  if (typeof alg !== 'string' || !rules.algs.includes(alg)) throw refuse(`the DPoP proof’s alg ${String(alg).slice(0, 20)} is not one this server accepts (${rules.algs.join(', ')})`);
  // RFC 7515 §4.1.11: an extension the server does not understand makes the JWS invalid.
  if (header.crit !== undefined) throw refuse('the DPoP proof names crit extensions this server does not understand (RFC 7515 §4.1.11)');
  const jwk = header.jwk;
  if (!jwk || typeof jwk !== 'object' || Array.isArray(jwk)) throw refuse('the DPoP proof carries no jwk header (RFC 9449 §4.2)');
  // §4.3 item 7: the jwk must not contain a private key.
  if (hasPrivateMembers(jwk)) throw refuse('the DPoP proof’s jwk holds private key material (RFC 9449 §4.3 item 7)');
  const known = await proofKey(ctx, jwk as Record<string, unknown>, alg);
  if (!known) throw refuse(`the DPoP proof’s jwk is not a public key for ${alg}`);
  // §4.3 item 6: the signature verifies with the key in the jwk header (the defect takes the claims on trust).
  if (!defect(ctx, 'dpop-signature-ignored') && !(await verifyJwsInput(known.key, `${parts[0]}.${parts[1]}`, signature))) {
    throw refuse('the DPoP proof’s signature does not verify with its jwk (RFC 9449 §4.3 item 6)');
  }
  // §4.3 item 3: jti, htm, htu and iat are required (§4.2).
  for (const [name, type] of [['jti', 'string'], ['htm', 'string'], ['htu', 'string'], ['iat', 'number']] as const) {
    if (typeof claims[name] !== type) throw refuse(`the DPoP proof has no ${name} claim of type ${type} (RFC 9449 §4.2)`);
  }
  const jti = claims.jti as string;
  if (jti.length === 0 || jti.length > 256) throw refuse('the DPoP proof’s jti must be 1 to 256 characters');
  // §4.3 item 8 and 9: for this method and this URI, query and fragment ignored.
  if (claims.htm !== site.method) throw refuse(`the DPoP proof’s htm ${JSON.stringify(String(claims.htm).slice(0, 20))} is not this request’s method ${site.method} (RFC 9449 §4.3 item 8)`);
  if (normalUri(claims.htu as string) !== normalUri(site.url) && !defect(ctx, 'dpop-htu-ignored')) {
    throw refuse(`the DPoP proof’s htu ${JSON.stringify(String(claims.htu).slice(0, 200))} is not this request’s URI ${site.url} (RFC 9449 §4.3 item 9)`);
  }
  const now = ctx.clock.nowSeconds();
  // §4.3 item 10 and §8: a server that asks for nonces takes proofs with a fresh one only.
  if (rules.nonce && !(await nonceIsFresh(ctx, claims.nonce))) {
    throw dpopError(site, 'use_dpop_nonce', claims.nonce === undefined ? 'this server requires a DPoP nonce: sign the proof again with the DPoP-Nonce value (RFC 9449 §8)' : 'the DPoP nonce is stale: sign the proof again with the new DPoP-Nonce value (RFC 9449 §8)', defect(ctx, 'dpop-nonce-without-header') ? {} : { 'dpop-nonce': await currentNonce(ctx) });
  }
  // §4.3 item 11 and §11.1: only a proof made lately. The client signs it for this request by its own
  // clock, which moving the mock's clock (to expire tokens) does not move: judged by the real clock.
  const iat = claims.iat as number;
  const signedAt = ctx.clock.realSeconds();
  if (!defect(ctx, 'dpop-iat-ignored')) {
    if (iat > signedAt + futureSkew) throw refuse(`the DPoP proof was issued in the future (iat ${iat}, now ${signedAt})`);
    if (iat < signedAt - rules.maxAge) throw refuse(`the DPoP proof is older than the ${rules.maxAge} s this server accepts (iat ${iat}, now ${signedAt}; RFC 9449 §11.1)`);
  }
  // §4.3 item 12: with an access token, ath is its SHA-256, base64url.
  if (site.accessToken !== undefined && claims.ath !== sha256Base64url(site.accessToken) && !defect(ctx, 'dpop-ath-ignored')) {
    throw refuse(claims.ath === undefined ? 'the DPoP proof has no ath claim, which a proof sent with an access token must have (RFC 9449 §4.2)' : 'the DPoP proof’s ath is not the hash of the access token sent with it (RFC 9449 §4.3 item 12)');
  }
  // §11.1: a proof is used once at its target URI, for as long as it would be accepted.
  if (!defect(ctx, 'dpop-replay-allowed') && !(await ctx.store.useOnce(`dpop|${normalUri(site.url)}|${jti}`, now + rules.maxAge + 2 * futureSkew, now))) {
    throw refuse('the DPoP proof has been used already (its jti was seen at this URI; RFC 9449 §11.1)');
  }
  return { jkt: known.jkt };
}

// Proofs of one client share its key: importing it and hashing its thumbprint once keeps both off the
// hot path (bench: import and thumbprint cost more than the signature check itself).
const proofKeyLimit = 1000;

async function proofKey(ctx: EngineContext, jwk: Record<string, unknown>, alg: string): Promise<{ key: VerifyKey; jkt: string } | undefined> {
  const id = `${alg}|${JSON.stringify(jwk)}`;
  const had = ctx.proofKeys.get(id);
  if (had) return had;
  const input = thumbprintInput(jwk);
  const key = input === undefined ? undefined : await importVerifyKey(jwk, alg);
  if (!key || input === undefined) return undefined;
  // RFC 7638 §3: the thumbprint covers the key's required members only (the defect hashes the jwk as sent).
  const known = { key, jkt: sha256Base64url(defect(ctx, 'dpop-cnf-thumbprint-wrong') ? JSON.stringify(jwk) : input) };
  if (ctx.proofKeys.size >= proofKeyLimit) ctx.proofKeys.delete(ctx.proofKeys.keys().next().value as string);
  ctx.proofKeys.set(id, known);
  return known;
}

/** A base64url segment holding a JSON object, or undefined. */
function jsonObject(segment: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(decodeBase64(segment) ?? '');
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** RFC 9449 §7.1: a token sent with the DPoP scheme comes with a proof for this request that hashes it (`ath`). */
export async function resourceProof(ctx: EngineContext, request: { method: string; origin: string; path: string; headers: Readonly<Record<string, string>> }, token: string): Promise<Proof> {
  const site = { method: request.method, url: request.origin + request.path, accessToken: token, at: 'resource' as const };
  const header = proofHeader(request.headers, site);
  if (header === undefined) throw dpopError(site, 'invalid_dpop_proof', 'a token sent with the DPoP scheme needs a DPoP proof header (RFC 9449 §7.1)');
  return verifyProof(ctx, header, site);
}

/** RFC 3986 §6.2.2 and §6.2.3 normalisation (§4.3 asks for it), without query and fragment; '' for no URI. */
function normalUri(uri: string): string {
  try {
    const u = new URL(uri);
    return `${u.protocol}//${u.host}${u.pathname || '/'}`;
  } catch {
    return '';
  }
}

/** §8: a nonce the server issues; sealed with the engine's key, so any instance sharing keys takes it. */
export async function currentNonce(ctx: EngineContext): Promise<string> {
  return seal(await ctx.sealKey(), { k: 'n', w: Math.floor(ctx.clock.nowSeconds() / nonceWindow) });
}

async function nonceIsFresh(ctx: EngineContext, nonce: unknown): Promise<boolean> {
  if (typeof nonce !== 'string' || nonce.length > 512) return false;
  const opened = await unseal(await ctx.sealKey(), nonce);
  const window = Math.floor(ctx.clock.nowSeconds() / nonceWindow);
  return opened?.k === 'n' && typeof opened.w === 'number' && opened.w <= window && opened.w >= window - 2;
}

/**
 * A token's binding checked against the proof that came with it (§7.1, §7.2): a bound token needs a
 * proof by its key; a proof by another key, or a bound token sent as Bearer, is refused.
 */
export function checkBinding(ctx: EngineContext, jkt: string | undefined, presented: { scheme: 'Bearer' | 'DPoP'; proof: Proof | undefined }): void {
  if (jkt === undefined) {
    // §7.1: the DPoP scheme names a DPoP-bound token; an unbound one is not.
    if (presented.scheme === 'DPoP') throw dpopError({ at: 'resource' }, 'invalid_dpop_proof', 'this access token is not DPoP-bound; send it with the Bearer scheme');
    if (ctx.profile.dpop && !ctx.profile.dpop.bearer) throw new OAuthError('invalid_token', 'this resource takes DPoP-bound access tokens only', { status: 401, challenge: 'DPoP' });
    return;
  }
  if (presented.scheme === 'Bearer') {
    // §7.2: "such a protected resource MUST reject a DPoP-bound access token received as a bearer token".
    if (defect(ctx, 'dpop-bound-as-bearer')) return;
    throw new OAuthError('invalid_token', 'this access token is DPoP-bound: send it with the DPoP scheme and a proof (RFC 9449 §7.2)', { status: 401, challenge: 'DPoP' });
  }
  if (presented.proof?.jkt !== jkt && !defect(ctx, 'dpop-key-not-checked')) {
    throw dpopError({ at: 'resource' }, 'invalid_dpop_proof', 'the DPoP proof is signed by another key than the one the access token is bound to (RFC 9449 §4.3 item 12)');
  }
}
