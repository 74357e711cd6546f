// RFC 7523 from the client's side: assertions signed with the key of an issuer the target trusts (or,
// to be refused, with another), presented at the token endpoint as a grant (§2.1).
import { SignJWT, generateKeyPair, importJWK, type JWK } from 'jose';
import type { ResolvedGrant } from '../lib/resolved-profile.ts';
import type { CheckContext } from './fixtures.ts';
import type { Reply } from './http.ts';
import { postGrant, requestScope, show } from './support.ts';

export interface Signer {
  issuer: string;
  subject: string;
  key: string;
}

export interface AssertionShape {
  aud?: string;
  /** Seconds from now (negative: already expired). */
  exp?: number;
  iss?: string;
  jti?: string;
  /** Sign with a fresh key of the same kind instead of the issuer's. */
  foreignKey?: boolean;
}

/** The JWS alg a JWK signs with: its own `alg`, else the usual one for its kind. */
function algOf(jwk: JWK): string {
  if (jwk.alg) return jwk.alg;
  if (jwk.kty === 'EC') return jwk.crv === 'P-384' ? 'ES384' : jwk.crv === 'P-521' ? 'ES512' : 'ES256';
  if (jwk.kty === 'OKP') return 'EdDSA';
  return 'RS256';
}

/** §3: iss, sub, aud (the server's issuer identifier), exp, iat and a fresh jti, by the real clock. */
export async function signAssertion(c: CheckContext, s: Signer, shape: AssertionShape = {}): Promise<string> {
  let jwk: JWK;
  try {
    jwk = JSON.parse(s.key) as JWK;
  } catch {
    c.notJudged('the target’s assertionKey is not a JWK in JSON', 'assertion');
  }
  const alg = algOf(jwk);
  const key = shape.foreignKey ? (await generateKeyPair(alg, jwk.kty === 'OKP' ? { crv: jwk.crv } : {})).privateKey : await importJWK(jwk, alg).catch(() => c.notJudged('the target’s assertionKey is not a private key jose can sign with', 'assertion'));
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg, typ: 'JWT', ...(jwk.kid ? { kid: jwk.kid } : {}) })
    .setIssuer(shape.iss ?? s.issuer)
    .setSubject(s.subject)
    .setAudience(shape.aud ?? c.target.issuer)
    .setIssuedAt(now)
    .setExpirationTime(now + (shape.exp ?? 60))
    .setJti(shape.jti ?? `oauth-conformance-${crypto.randomUUID()}`)
    .sign(key);
}

/** §2.1: the grant request; the client authenticates as the profile says (RFC 7523 §3.1 allows either). */
export function presentAssertion(c: CheckContext, g: ResolvedGrant, assertion: string, label: string): Promise<Reply> {
  const scope = requestScope(c.target, 'jwt_bearer');
  return postGrant(c.http, c.target, g, { assertion, ...(scope ? { [g.fields.scope]: scope } : {}) }, 'full', undefined, label);
}

/** A valid assertion gets a token: a refusal means the checks of broken ones would judge nothing. */
export async function trusted(c: CheckContext, g: ResolvedGrant, s: Signer): Promise<void> {
  const reply = await presentAssertion(c, g, await signAssertion(c, s), 'a valid assertion');
  if (reply.status !== 200) c.notJudged(`the server refused a valid assertion of ${s.issuer} (${reply.status} ${show(reply)}), so a refusal of a broken one says nothing; check that it trusts this issuer and key (judged by jwt-bearer.success)`, 'assertion');
}
