// Minting and verifying tokens. JWTs are signed with the engine's key (never `alg: none`); opaque
// tokens are sealed (sealed.ts). Either way a token carries its own claims, so the store holds no
// per-token record: only revocations and refresh families (store.ts).
import { jwtVerify, errors as joseErrors, type JWTPayload } from 'jose';
import { base64url, sha256Base64url } from '#platform';
import { decodeBase64 } from '../../../lib/base64.ts';
import type { EngineContext } from '../core/context.ts';
import { randomToken } from '../core/context.ts';
import { signJwt } from './jws.ts';
import { OAuthError } from '../core/oauth-error.ts';
import { canonical } from '../../../lib/resource-uri.ts';
import { defaultAudience, ownAudience } from './resource-indicators.ts';
import { seal, unseal } from './sealed.ts';
import type { Until } from '../../store/store.ts';
import { defect } from '../core/defects.ts';

/** Revocations are kept by hash: the store never holds a usable token. */
export function tokenHash(token: string): string {
  return sha256Base64url(token);
}

export interface Grantee {
  clientId: string | undefined;
  sub: string;
  username: string | undefined;
  scope: string[];
  /** The login the token belongs to (a refresh family, a code's grant); revoking it revokes the token. */
  familyId: string | undefined;
  extraClaims?: Record<string, unknown>;
  /** RFC 8707: the resources the token is for (its `aud`); default: the profile's own audience. */
  audience?: string[];
  /** RFC 9449 §6: the thumbprint of the DPoP key the token is bound to. */
  jkt?: string;
}

export interface MintOptions {
  /** Seconds; null never expires. Default: the profile's access token lifetime. */
  lifetime?: number | null;
  /** Issue time in seconds (admin minting of already-expired tokens). */
  iat?: number;
}

/** What a token says about itself once its signature or seal is verified. */
export interface TokenClaims {
  /** `id`: an OpenID Connect ID Token (never accepted as an access token). */
  kind: 'access' | 'refresh' | 'id';
  clientId: string | undefined;
  sub: string;
  username: string | undefined;
  scope: string[];
  iat: number | undefined;
  exp: number | null;
  jti: string | undefined;
  familyId: string | undefined;
  /** A refresh token's generation in its family. */
  gen: number;
  /** The audiences a token names (RFC 8707); undefined where it names none. */
  audience?: string[];
  /** RFC 8693 §4.1: who acts on the subject's behalf (a delegated token), nested for a chain. */
  act?: Record<string, unknown>;
  /** RFC 8693 §4.4: who may act on the subject's behalf. */
  mayAct?: Record<string, unknown>;
  /** RFC 9449 §6.1: the DPoP key the token is bound to (`cnf.jkt`). */
  jkt?: string;
}

export async function mintAccessToken(ctx: EngineContext, issuer: string, g: Grantee, opts: MintOptions = {}): Promise<{ token: string; iat: number; exp: number | null }> {
  const at = ctx.profile.accessToken;
  const iat = opts.iat ?? ctx.clock.nowSeconds();
  const lifetime = opts.lifetime === undefined ? at.lifetime : opts.lifetime;
  const exp = lifetime === null ? null : iat + lifetime;
  // The family and the client ride in the jti, which every claim set keeps: a JWT's claims stay the
  // profile's own, and revocation can still tell whose token it is (RFC 7009 §2.1).
  const jti = `${g.familyId ?? ''}.${g.clientId === undefined ? '' : base64url(g.clientId)}.${randomToken(12)}`;
  const token =
    at.format === 'jwt'
      ? await signJwt(await ctx.key(), { typ: at.jwt?.typ ?? 'JWT' }, accessClaims(ctx, issuer, g, iat, exp, jti))
      : await seal(await ctx.sealKey(), dropUndefined({ k: 'a', c: g.clientId, s: g.sub, u: g.username, sc: g.scope.join(' '), iat, exp: exp ?? undefined, j: jti, au: g.audience ?? defaultAudience(ctx, issuer), x: objectClaim(g.extraClaims?.act), m: objectClaim(g.extraClaims?.may_act), cf: g.jkt }));
  return { token, iat, exp };
}

function accessClaims(ctx: EngineContext, issuer: string, g: Grantee, iat: number, exp: number | null, jti: string): JWTPayload {
  const jwt = ctx.profile.accessToken.jwt;
  const all: Record<string, unknown> = {
    ...g.extraClaims,
    iss: issuer,
    sub: g.sub,
    aud: oneOrMany(g.audience?.length ? g.audience : defaultAudience(ctx, issuer)),
    client_id: g.clientId,
    // The defect claims an issue time after the expiry (and resources are told not to mind).
    iat: defect(ctx, 'iat-after-exp') && exp !== null ? exp + 60 : iat,
    ...(exp === null ? {} : { exp }),
    jti,
    ...(g.scope.length ? { scope: g.scope.join(' ') } : {}),
    // RFC 9449 §6.1: a DPoP-bound JWT names its key's thumbprint in the confirmation claim (RFC 7800).
    ...(g.jkt ? { cnf: { jkt: g.jkt } } : {}),
  };
  if (jwt?.usernameClaim) all[jwt.usernameClaim] = g.username ?? g.clientId ?? g.sub;
  if (!jwt || jwt.claims === 'rfc9068') return dropUndefined(all);
  // A custom claim set carries what the profile requires, plus jti (two tokens in one second must
  // differ), the audience it names and the scope that resources check.
  const keep = new Set([...jwt.required, 'jti', ...(jwt.audience ? ['aud'] : []), 'scope', 'cnf', ...Object.keys(g.extraClaims ?? {})]);
  return dropUndefined(Object.fromEntries(Object.entries(all).filter(([k]) => keep.has(k))));
}

/** A claim whose value is a JSON object (act, may_act), else nothing. */
function objectClaim(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function dropUndefined(o: Record<string, unknown>): JWTPayload {
  const out: JWTPayload = {};
  for (const k in o) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

/** A refresh token of generation `gen` in its family. */
export async function mintRefreshToken(ctx: EngineContext, familyId: string, gen: number, sub: string): Promise<{ token: string; exp: Until }> {
  const rt = ctx.profile.refreshToken;
  const iat = ctx.clock.nowSeconds();
  const exp = rt.lifetime === null ? null : iat + rt.lifetime;
  const jti = randomToken(12);
  const token =
    rt.format === 'jwt'
      ? await signJwt(await ctx.key(), { typ: 'JWT' }, { sub, jti, iat, ...(exp === null ? {} : { exp }), token_use: 'refresh', fid: familyId, gen })
      : await seal(await ctx.sealKey(), dropUndefined({ k: 'r', f: familyId, g: gen, iat, exp: exp ?? undefined, j: jti }));
  return { token, exp };
}

/** What a resource learns from a valid access token. */
export type AccessInfo = Omit<TokenClaims, 'kind' | 'gen'>;

const invalidToken = (d: string) => new OAuthError('invalid_token', d, { status: 401 });

// Signature checks dominate a resource call; a verified token's payload is cached (bounded). Expiry
// and revocation are still checked on every call, against the engine clock and the store.
const cacheLimit = 10_000;

function remember(ctx: EngineContext, token: string, payload: JWTPayload): JWTPayload {
  const cache = ctx.verified;
  if (cache.size >= cacheLimit) cache.delete(cache.keys().next().value as string);
  cache.set(token, { payload });
  return payload;
}

/** A token's revocation key; a verified token's is hashed once (per call it cost a resource call more than its claims checks). */
function revocationKey(ctx: EngineContext, token: string): string {
  const hit = ctx.verified.get(token);
  return hit ? (hit.hash ??= tokenHash(token)) : tokenHash(token);
}

const oneOrMany = (a: string[]) => (a.length === 1 ? a[0] : a);

/**
 * Whose token a verification accepts: the protected resource's (`own`), any of this server's
 * resources (`any`: the authorization server describing its own token), or one resource's (`at`).
 */
export type AudienceRule = 'own' | 'any' | { at: string };

/**
 * An access token's claims once signature or seal, audience, expiry and revocation are checked.
 * `audience: 'any'` is for the authorization server describing a token it minted for any of its
 * resources (introspection); resources check that the token is for them.
 */
export async function verifyAccessToken(ctx: EngineContext, issuer: string, token: string, audience: AudienceRule = 'own'): Promise<AccessInfo> {
  const now = ctx.clock.nowSeconds();
  let claims: TokenClaims;
  if (ctx.profile.accessToken.format === 'opaque') {
    const c = await openSealed(ctx, token);
    if (!c) throw invalidToken('unknown access token');
    claims = c;
    if (c.kind === 'access' && c.audience && ctx.profile.protectedResource && audience !== 'any') checkAudience(ctx, issuer, c.audience, audience);
  } else {
    const payload = await verifyJwt(ctx, issuer, token);
    claims = jwtClaims(ctx, payload);
    if (claims.kind === 'access') checkClaims(ctx, issuer, payload, now, audience);
  }
  if (claims.kind !== 'access') throw invalidToken('not an access token');
  // RFC 7009 §2: a revoked token (or one of a revoked login) is refused from then on.
  const rev = await ctx.store.revocation(revocationKey(ctx, token), claims.familyId);
  if ((rev.token || rev.family === 'all') && !defect(ctx, 'accept-revoked-token')) throw invalidToken('the access token was revoked');
  if (claims.exp !== null && claims.exp <= now && !defect(ctx, 'accept-expired-token')) throw invalidToken('the access token expired');
  return { clientId: claims.clientId, sub: claims.sub, username: claims.username, scope: claims.scope, iat: claims.iat, exp: claims.exp, jti: claims.jti, familyId: claims.familyId, ...(claims.audience ? { audience: claims.audience } : {}), ...delegation(claims.act, claims.mayAct), ...(claims.jkt ? { jkt: claims.jkt } : {}) };
}

/**
 * A token this engine issued, by its signature or seal alone (not its claims, expiry or revocation);
 * undefined for anything else. For revocation and introspection, which must tell the kinds apart.
 */
export async function readToken(ctx: EngineContext, token: string): Promise<TokenClaims | undefined> {
  if (token.split('.').length === 3) {
    try {
      return jwtClaims(ctx, await verifySignature(ctx, token));
    } catch {
      return undefined;
    }
  }
  return openSealed(ctx, token);
}

async function openSealed(ctx: EngineContext, token: string): Promise<TokenClaims | undefined> {
  const hit = ctx.verified.get(token)?.payload;
  const p = hit ?? (await unseal(await ctx.sealKey(), token));
  if (!p || (p.k !== 'a' && p.k !== 'r')) return undefined;
  if (!hit) remember(ctx, token, p);
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    kind: p.k === 'a' ? 'access' : 'refresh',
    clientId: str(p.c),
    sub: str(p.s) ?? '',
    username: str(p.u),
    scope: (str(p.sc) ?? '').split(' ').filter(Boolean),
    iat: typeof p.iat === 'number' ? p.iat : undefined,
    exp: typeof p.exp === 'number' ? p.exp : null,
    jti: str(p.j),
    familyId: p.k === 'r' ? str(p.f) : familyOfJti(str(p.j)),
    gen: typeof p.g === 'number' ? p.g : 0,
    ...(Array.isArray(p.au) ? { audience: p.au.filter((a): a is string => typeof a === 'string') } : {}),
    ...delegation(p.x, p.m),
    ...(typeof p.cf === 'string' ? { jkt: p.cf } : {}),
  };
}

/** The family a jti of ours names (family.client.random); nothing for anyone else's. */
function familyOfJti(jti: string | undefined): string | undefined {
  const dot = jti?.indexOf('.') ?? -1;
  return dot > 0 && jti!.indexOf('.', dot + 1) > 0 ? jti!.slice(0, dot) : undefined;
}

/** The client a jti of ours names, for claim sets without client_id. */
function clientOfJti(jti: string | undefined): string | undefined {
  const parts = jti?.split('.') ?? [];
  return parts.length === 3 && parts[1] ? decodeBase64(parts[1]) : undefined;
}

function jwtClaims(ctx: EngineContext, payload: JWTPayload): TokenClaims {
  const usernameClaim = ctx.profile.accessToken.jwt?.usernameClaim;
  const jti = typeof payload.jti === 'string' ? payload.jti : undefined;
  const refresh = payload.token_use === 'refresh';
  return {
    // Every ID Token we mint carries at_hash (id-token.ts); no access token of ours does.
    kind: refresh ? 'refresh' : payload.at_hash !== undefined ? 'id' : 'access',
    clientId: typeof payload.client_id === 'string' ? payload.client_id : clientOfJti(jti),
    sub: String(payload.sub ?? (usernameClaim ? payload[usernameClaim] : '') ?? ''),
    username: usernameClaim && typeof payload[usernameClaim] === 'string' ? (payload[usernameClaim] as string) : undefined,
    // A token that names no scope holds none (never "every scope").
    scope: typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [],
    iat: typeof payload.iat === 'number' ? payload.iat : undefined,
    exp: typeof payload.exp === 'number' ? payload.exp : null,
    jti,
    familyId: refresh ? (typeof payload.fid === 'string' ? payload.fid : undefined) : familyOfJti(jti),
    gen: typeof payload.gen === 'number' ? payload.gen : 0,
    ...(payload.aud === undefined ? {} : { audience: Array.isArray(payload.aud) ? payload.aud : [payload.aud] }),
    ...delegation(payload.act, payload.may_act),
    ...confirmation(payload.cnf),
  };
}

function confirmation(cnf: unknown): Pick<TokenClaims, 'jkt'> {
  const jkt = objectClaim(cnf)?.jkt;
  return typeof jkt === 'string' ? { jkt } : {};
}

function delegation(act: unknown, mayAct: unknown): Pick<TokenClaims, 'act' | 'mayAct'> {
  const a = objectClaim(act);
  const m = objectClaim(mayAct);
  return { ...(a ? { act: a } : {}), ...(m ? { mayAct: m } : {}) };
}

// Clock skew tolerated for iat and nbf (RFC 7519 §4.1.5 allows "some small leeway").
const leewaySeconds = 60;

/**
 * What a signature does not prove (RFC 9068 §4): the audience is this profile's, a token of a
 * profile whose tokens expire carries exp, and it was not issued (or made valid) in the future.
 * The issuer and typ are checked with the signature.
 */
function checkClaims(ctx: EngineContext, issuer: string, payload: JWTPayload, now: number, audience: AudienceRule): void {
  const jwt = ctx.profile.accessToken.jwt;
  if (jwt?.claims === 'rfc9068' || jwt?.audience || ctx.profile.protectedResource) {
    const aud = payload.aud;
    if (aud === undefined) throw invalidToken('the access token names no audience');
    if (audience !== 'any') checkAudience(ctx, issuer, Array.isArray(aud) ? aud : [aud], audience);
  }
  if (ctx.profile.accessToken.lifetime !== null && typeof payload.exp !== 'number') throw invalidToken('the access token carries no expiry');
  if (typeof payload.iat === 'number' && payload.iat > now + leewaySeconds && !defect(ctx, 'iat-after-exp')) throw invalidToken('the access token was issued in the future');
  if (typeof payload.nbf === 'number' && payload.nbf > now + leewaySeconds) throw invalidToken('the access token is not valid yet');
}

/**
 * RFC 8707 §2 and RFC 9068 §4: a token is accepted only by the resource it was minted for (MCP: servers
 * MUST reject tokens that do not name them in the audience).
 */
function checkAudience(ctx: EngineContext, issuer: string, audience: string[], rule: Exclude<AudienceRule, 'any'>): void {
  if (defect(ctx, 'audience-not-checked')) return;
  const expected = canonical(rule === 'own' ? ownAudience(ctx, issuer) : rule.at);
  if (!audience.some((a) => canonical(a) === expected)) throw invalidToken('the access token is meant for another audience');
}

async function verifyJwt(ctx: EngineContext, issuer: string, token: string): Promise<JWTPayload> {
  const hit = ctx.verified.get(token);
  if (hit) return hit.payload;
  if (defect(ctx, 'accept-alg-none')) {
    const unsigned = acceptUnsigned(token);
    if (unsigned) return unsigned;
  }
  const jwt = ctx.profile.accessToken.jwt;
  try {
    const key = await ctx.key();
    const { payload } = await jwtVerify(token, key.publicKey, {
      algorithms: [key.alg],
      // Expiry is judged against the engine clock, not here, so that one check serves the cache.
      currentDate: new Date(0),
      ...(jwt?.claims === 'rfc9068' || jwt?.required.includes('iss') ? { issuer } : {}),
      ...(jwt?.typ ? { typ: jwt.typ } : {}),
    });
    return remember(ctx, token, payload);
  } catch (e) {
    if (e instanceof joseErrors.JOSEError) throw invalidToken(e instanceof joseErrors.JWSSignatureVerificationFailed ? 'the access token signature is invalid' : 'the access token is malformed or not ours');
    throw invalidToken('the access token is malformed');
  }
}

async function verifySignature(ctx: EngineContext, token: string): Promise<JWTPayload> {
  const hit = ctx.verified.get(token);
  if (hit) return hit.payload;
  const key = await ctx.key();
  // Not cached: the cache holds only tokens that passed every access-token check.
  const { payload } = await jwtVerify(token, key.publicKey, { algorithms: [key.alg], currentDate: new Date(0) });
  return payload;
}

/** Forget cached verifications (after reset). */
export function clearVerified(ctx: EngineContext): void {
  ctx.verified.clear();
}

/** The `accept-alg-none` defect: an `alg: none` token's payload taken on trust. */
function acceptUnsigned(token: string): JWTPayload | undefined {
  try {
    const [h, p] = token.split('.');
    const header = JSON.parse(decodeBase64(h ?? '') ?? '') as { alg?: string };
    if (header.alg !== 'none') return undefined;
    return JSON.parse(decodeBase64(p ?? '') ?? '') as JWTPayload;
  } catch {
    return undefined;
  }
}
