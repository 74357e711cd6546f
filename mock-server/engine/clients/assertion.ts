// JWT assertions (RFC 7523): a JWT an issuer signed, presented as a grant (§2.1). Verified in the order
// RFC 7523 §3 lists its rules; any failure is one reason in words, which the grant answers as
// invalid_grant (§3.1). Shared by every use of an assertion, so each rule is written once.
import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, decodeProtectedHeader, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { EngineContext } from '../core/context.ts';
import type { ResolvedJwtBearer } from '../../../lib/resolved-profile.ts';
import { asymmetricAlgs } from '../../../lib/jwk.ts';

/** Asymmetric algorithms only: the mock holds no shared secret of an issuer, and never takes `none`. */
export const assertionAlgs: string[] = [...asymmetricAlgs];
/** OpenID Connect Core §9 client_secret_jwt: an HMAC keyed by the client secret. */
export const secretAlgs = ['HS256', 'HS384', 'HS512'];

/** The algorithms client assertions may use under a profile (RFC 8414 token_endpoint_auth_signing_alg_values_supported). */
export function clientAssertionAlgs(p: { clientAuth: { methods: readonly string[]; signingAlgs?: string[] } }): string[] {
  if (p.clientAuth.signingAlgs) return p.clientAuth.signingAlgs;
  return [...(p.clientAuth.methods.includes('private_key_jwt') ? assertionAlgs : []), ...(p.clientAuth.methods.includes('client_secret_jwt') ? secretAlgs : [])];
}

// RFC 7523 §3 items 4, 5: "subject to allowable clock skew".
const leewaySeconds = 60;

export class AssertionRefused extends Error {}

/** What a verified assertion vouches for: who issued it, and whom it is about. */
export interface VerifiedAssertion {
  iss: string;
  sub: string;
}

type Issuer = ResolvedJwtBearer['issuers'][number];

/** Rules a deliberate defect of the caller's bends (the caller reads its own switches: defects.ts). */
export interface Lax {
  audience?: boolean;
  expiry?: boolean;
  signature?: boolean;
  replay?: boolean;
}

export interface AssertionRules {
  /** Trusted issuers with their public keys, or (client_secret_jwt) the secret their MAC is keyed by. */
  issuers: (Pick<Issuer, 'issuer' | 'jwks' | 'jwksUri' | 'subjects'> & { secret?: string })[];
  /** The algorithms taken (default: every asymmetric one). */
  algs?: string[];
  audiences: string[];
  maxLifetime: number;
  requireJti: boolean;
  /** What the assertion is for: keeps the key sets and the used jti values of each use apart. */
  use: string;
  lax?: Lax;
}

/** §3: the assertion's issuer is trusted, its signature verifies, and its claims say it is for us, now, once. */
export async function verifyAssertion(ctx: EngineContext, assertion: string, rules: AssertionRules): Promise<VerifiedAssertion> {
  const lax = rules.lax ?? {};
  let alg: string | undefined;
  let unverified: JWTPayload;
  try {
    alg = decodeProtectedHeader(assertion).alg;
    unverified = decodeJwt(assertion);
  } catch {
    throw new AssertionRefused('the assertion is not a JWT (RFC 7519)');
  }
  const algs = rules.algs ?? assertionAlgs;
  if (!alg || !algs.includes(alg)) throw new AssertionRefused(`the assertion's alg ${String(alg).slice(0, 20)} is not one this server takes (${algs.join(', ')})`);
  // §3 item 1: iss identifies the entity that issued it; only a trusted one's keys can vouch for it.
  const issuer = rules.issuers.find((i) => i.issuer === unverified.iss);
  if (!issuer) throw new AssertionRefused(`the assertion's issuer ${JSON.stringify(String(unverified.iss ?? '')).slice(0, 120)} is not trusted here`);
  const now = ctx.clock.nowSeconds();
  let claims: JWTPayload;
  try {
    const options = {
      algorithms: algs,
      issuer: issuer.issuer,
      // §3 item 3: "The authorization server MUST reject any JWT that does not contain its own identity as the intended audience."
      ...(lax.audience ? {} : { audience: rules.audiences }),
      // §3 item 4: exp is REQUIRED and judged on the engine's clock (the defect reads it at the epoch).
      currentDate: new Date((lax.expiry ? 0 : now) * 1000),
      clockTolerance: leewaySeconds,
      requiredClaims: ['iss', 'sub', 'aud', 'exp', ...(rules.requireJti ? ['jti'] : [])],
    };
    claims = lax.signature
      ? unsigned(unverified, options)
      : issuer.secret !== undefined
        ? (await jwtVerify(assertion, new TextEncoder().encode(issuer.secret), { ...options, algorithms: algs.filter((a) => secretAlgs.includes(a)) })).payload
        : (await jwtVerify(assertion, await keysOf(ctx, rules.use, issuer), { ...options, algorithms: algs.filter((a) => !secretAlgs.includes(a)) })).payload;
  } catch (e) {
    if (e instanceof AssertionRefused) throw e;
    throw new AssertionRefused(reason(e));
  }
  const exp = Number(claims.exp);
  if (exp - now > rules.maxLifetime) throw new AssertionRefused(`the assertion lives ${exp - now} s more, longer than the ${rules.maxLifetime} s this server accepts`);
  const sub = String(claims.sub ?? '');
  if (issuer.subjects && !issuer.subjects.includes(sub)) throw new AssertionRefused(`the issuer may not assert the subject ${JSON.stringify(sub).slice(0, 120)}`);
  const jti = typeof claims.jti === 'string' ? claims.jti : undefined;
  // §3 item 7: "The authorization server MAY ensure that JWTs are not replayed, by maintaining the set of used "jti" values".
  if (jti !== undefined && !lax.replay && !(await ctx.store.useOnce(`${rules.use}|${issuer.issuer}|${jti}`, exp + leewaySeconds, now))) {
    throw new AssertionRefused('the assertion has been used already (its jti was seen)');
  }
  return { iss: issuer.issuer, sub };
}

/** The defect's path: every claim judged as jwtVerify would, the signature not at all. */
function unsigned(p: JWTPayload, o: { audience?: string[]; currentDate: Date; requiredClaims: string[] }): JWTPayload {
  for (const c of o.requiredClaims) if (p[c] === undefined) throw new AssertionRefused(`the assertion has no ${c} claim, which is required`);
  if (o.audience && ![p.aud].flat().some((a) => typeof a === 'string' && o.audience!.includes(a))) throw new AssertionRefused('the assertion is not for this server (aud names neither its issuer nor its token endpoint)');
  if (Number(p.exp) + leewaySeconds <= o.currentDate.getTime() / 1000) throw new AssertionRefused('the assertion has expired (exp)');
  return p;
}

async function keysOf(ctx: EngineContext, use: string, issuer: AssertionRules['issuers'][number]): Promise<JWTVerifyGetKey> {
  const key = `${use}|${issuer.issuer}`;
  const had = ctx.issuerKeys.get(key);
  if (had) return had;
  if (!issuer.jwks && !issuer.jwksUri) throw new AssertionRefused('no keys are known for its issuer');
  const keys = issuer.jwks ? createLocalJWKSet(issuer.jwks as Parameters<typeof createLocalJWKSet>[0]) : createRemoteJWKSet(new URL(issuer.jwksUri!));
  ctx.issuerKeys.set(key, keys);
  return keys;
}

function reason(e: unknown): string {
  if (e instanceof joseErrors.JWTExpired) return 'the assertion has expired (exp)';
  if (e instanceof joseErrors.JWTClaimValidationFailed) {
    if (e.claim === 'aud') return 'the assertion is not for this server (aud names neither its issuer nor its token endpoint)';
    if (e.claim === 'nbf') return 'the assertion is not valid yet (nbf)';
    if (e.reason === 'missing') return `the assertion has no ${e.claim} claim, which is required`;
    return `the assertion's ${e.claim} claim is not acceptable`;
  }
  if (e instanceof joseErrors.JWSSignatureVerificationFailed) return 'the assertion’s signature does not verify with the issuer’s keys';
  if (e instanceof joseErrors.JWKSNoMatchingKey) return 'none of the issuer’s keys matches the assertion (kid, alg)';
  if (e instanceof joseErrors.JOSEError) return `the assertion cannot be verified (${e.code})`;
  return 'the assertion cannot be verified';
}
