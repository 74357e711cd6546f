// OpenID Connect ID Tokens (Core 1.0 §2, §3.1.3.6) and the claims a user releases by scope (§5.4).
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { base64url } from '#platform';
import type { User } from '../../../generated/types/index.ts';
import { decodeBase64, decodeBase64url } from '../../../lib/base64.ts';
import type { EngineContext } from '../core/context.ts';
import { signJwt } from './jws.ts';
import type { SigningKey } from './keys.ts';
import { defect } from '../core/defects.ts';

const defaultLifetime = 3600;

// Core 1.0 §5.4: the claims each scope value requests.
const claimsByScope: Record<string, string[]> = {
  profile: ['name', 'family_name', 'given_name', 'middle_name', 'nickname', 'preferred_username', 'profile', 'picture', 'website', 'gender', 'birthdate', 'zoneinfo', 'locale', 'updated_at'],
  email: ['email', 'email_verified'],
  address: ['address'],
  phone: ['phone_number', 'phone_number_verified'],
};

export const standardScopes = ['openid', ...Object.keys(claimsByScope), 'offline_access'];

export function claimsSupported(): string[] {
  return ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'at_hash', ...Object.values(claimsByScope).flat()];
}

/** The user's claims that the granted scopes release (Core 1.0 §5.4), `sub` aside. */
export function scopedClaims(user: User | undefined, scope: string[]): Record<string, unknown> {
  const info = (user?.userinfo ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const s of scope) for (const name of claimsByScope[s] ?? []) if (info[name] !== undefined) out[name] = info[name];
  return out;
}

/**
 * Core 1.0 §3.1.3.6 at_hash: the left-most half of the hash of the access token's ASCII octets, with
 * the hash of the ID Token's alg (SHA-512 for EdDSA with Ed25519, as the Core errata set says).
 */
export function halfHash(alg: SigningKey['alg'], token: string): string {
  const bytes = new TextEncoder().encode(token);
  const digest = alg.endsWith('384') ? sha384(bytes) : alg.endsWith('512') || alg === 'EdDSA' ? sha512(bytes) : sha256(bytes);
  return base64url(digest.slice(0, digest.length / 2));
}

export interface IdTokenInput {
  clientId: string;
  sub: string;
  scope: string[];
  user: User | undefined;
  authTime: number | undefined;
  nonce: string | undefined;
  accessToken: string;
  /** Issued by a refresh (Core 1.0 §12.2: the same iss, sub and aud as the original). */
  refreshing?: boolean;
}

export async function mintIdToken(ctx: EngineContext, issuer: string, i: IdTokenInput): Promise<string> {
  const key = await ctx.key();
  const iat = ctx.clock.nowSeconds();
  const lifetime = ctx.profile.oidc?.idToken?.lifetime ?? defaultLifetime;
  const claims: Record<string, unknown> = {
    ...scopedClaims(i.user, i.scope),
    iss: issuer,
    sub: i.sub,
    // Core 1.0 §2: aud MUST contain the client_id; a single audience needs no azp.
    aud: defect(ctx, 'id-token-wrong-aud') || (i.refreshing && defect(ctx, 'refresh-id-token-wrong-aud')) ? `${issuer}/not-the-client` : i.clientId,
    exp: iat + lifetime,
    iat,
    ...(i.authTime === undefined || defect(ctx, 'auth-time-dropped') ? {} : { auth_time: i.authTime }),
    // §3.1.2.1: the nonce goes into the ID Token unmodified.
    ...(i.nonce === undefined || defect(ctx, 'nonce-dropped') ? {} : { nonce: i.nonce }),
    at_hash: halfHash(key.alg, defect(ctx, 'wrong-at-hash') ? `${i.accessToken}x` : i.accessToken),
  };
  return signJwt(key, { typ: 'JWT' }, claims);
}

export type IdTokenSpoil = 'wrong-nonce' | 'wrong-aud' | 'wrong-iss' | 'bad-signature' | 'expired';

/**
 * A token response whose ID Token is wrong in one way a relying party must notice (Core 1.0 §3.1.3.7):
 * served on purpose by a fault rule, so client checks can see the client refuse it.
 */
export async function spoilIdToken(ctx: EngineContext, body: string, how: IdTokenSpoil): Promise<string> {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(body) as Record<string, unknown>;
  } catch {
    return body;
  }
  const token = parsed.id_token;
  if (typeof token !== 'string') return body;
  const [h, p, s] = token.split('.');
  if (how === 'bad-signature') {
    // Another signature of the right length: the claims stay correct, only the signature fails.
    const sig = decodeBase64url(s ?? '') ?? new Uint8Array(1);
    sig[0] = sig[0]! ^ 0xff;
    parsed.id_token = `${h}.${p}.${base64url(sig)}`;
    return JSON.stringify(parsed);
  }
  const claims = JSON.parse(decodeBase64(p ?? '') ?? '{}') as Record<string, unknown>;
  const now = ctx.clock.nowSeconds();
  if (how === 'wrong-nonce') claims.nonce = `${typeof claims.nonce === 'string' ? claims.nonce : ''}-not-the-one-sent`;
  if (how === 'wrong-aud') claims.aud = 'another-client-oauth-conformance';
  if (how === 'wrong-iss') claims.iss = `${String(claims.iss)}/another-issuer`;
  // Expired well beyond any clock-skew leeway a client may allow.
  if (how === 'expired') Object.assign(claims, { iat: now - 7200, exp: now - 3600 });
  parsed.id_token = await signJwt(await ctx.key(), { typ: 'JWT' }, claims);
  return JSON.stringify(parsed);
}
