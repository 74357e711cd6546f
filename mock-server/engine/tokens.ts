// Minting and verifying tokens. JWTs are signed with the engine's key (never `alg: none`); every
// issued token also gets a record (by hash) so revocation, introspection and families work.
import { jwtVerify, errors as joseErrors, type JWTPayload } from 'jose';
import { decodeBase64 } from '../../lib/base64.ts';
import type { EngineContext } from './context.ts';
import { randomToken } from './context.ts';
import { signJwt } from './jws.ts';
import { OAuthError } from './oauth-error.ts';
import { tokenHash, type AccessRecord, type RefreshRecord } from './store.ts';

export interface Grantee {
  clientId: string | undefined;
  sub: string;
  username: string | undefined;
  scope: string[];
  familyId: string | undefined;
  extraClaims?: Record<string, unknown>;
}

export interface MintOptions {
  /** Seconds; null never expires. Default: the profile's access token lifetime. */
  lifetime?: number | null;
  /** Issue time in seconds (admin minting of already-expired tokens). */
  iat?: number;
}

export async function mintAccessToken(ctx: EngineContext, request: Request, g: Grantee, opts: MintOptions = {}): Promise<{ token: string; record: AccessRecord }> {
  const at = ctx.profile.accessToken;
  const iat = opts.iat ?? ctx.clock.nowSeconds();
  const lifetime = opts.lifetime === undefined ? at.lifetime : opts.lifetime;
  const exp = lifetime === null ? null : iat + lifetime;
  const jti = randomToken(16);
  let token: string;
  if (at.format === 'jwt') {
    token = await signJwt(await ctx.key(), { typ: at.jwt?.typ ?? 'JWT' }, accessClaims(ctx, request, g, iat, exp, jti));
  } else {
    token = randomToken();
  }
  const record: AccessRecord = { kind: 'access', hash: tokenHash(token), clientId: g.clientId, sub: g.sub, username: g.username, scope: g.scope, iat, exp, familyId: g.familyId, revoked: false, jti };
  ctx.store.put(record);
  return { token, record };
}

function accessClaims(ctx: EngineContext, request: Request, g: Grantee, iat: number, exp: number | null, jti: string): JWTPayload {
  const jwt = ctx.profile.accessToken.jwt;
  const all: Record<string, unknown> = {
    ...g.extraClaims,
    iss: ctx.issuer(request),
    sub: g.sub,
    aud: jwt?.audience ?? ctx.issuer(request),
    client_id: g.clientId,
    // The defect claims an issue time after the expiry; the record keeps the real times, so the token still works.
    iat: ctx.defects.has('iat-after-exp') && exp !== null ? exp + 60 : iat,
    ...(exp === null ? {} : { exp }),
    jti,
    ...(g.scope.length ? { scope: g.scope.join(' ') } : {}),
  };
  if (jwt?.usernameClaim) all[jwt.usernameClaim] = g.username ?? g.clientId ?? g.sub;
  if (!jwt || jwt.claims === 'rfc9068') return dropUndefined(all);
  // A custom claim set carries what the profile requires, plus jti (two tokens in one second must
  // differ), the audience it names and the scope that resources check.
  const keep = new Set([...jwt.required, 'jti', ...(jwt.audience ? ['aud'] : []), 'scope', ...Object.keys(g.extraClaims ?? {})]);
  return dropUndefined(Object.fromEntries(Object.entries(all).filter(([k]) => keep.has(k))));
}

function dropUndefined(o: Record<string, unknown>): JWTPayload {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as JWTPayload;
}

export async function mintRefreshToken(ctx: EngineContext, g: Grantee & { familyId: string }, origin: RefreshRecord['origin']): Promise<{ token: string; record: RefreshRecord }> {
  const rt = ctx.profile.refreshToken;
  const iat = ctx.clock.nowSeconds();
  const exp = rt.lifetime === null ? null : iat + rt.lifetime;
  const jti = randomToken(16);
  const token =
    rt.format === 'jwt'
      ? await signJwt(await ctx.key(), { typ: 'JWT' }, { sub: g.sub, jti, iat, ...(exp === null ? {} : { exp }) })
      : randomToken();
  const record: RefreshRecord = { kind: 'refresh', hash: tokenHash(token), clientId: g.clientId, sub: g.sub, username: g.username, scope: g.scope, iat, exp, familyId: g.familyId, revoked: false, used: false, jti, origin };
  ctx.store.put(record);
  return { token, record };
}

/** What a resource learns from a valid access token. */
export interface AccessInfo {
  clientId: string | undefined;
  sub: string;
  username: string | undefined;
  scope: string[];
  iat: number | undefined;
  exp: number | null;
  jti: string | undefined;
}

const invalidToken = (d: string) => new OAuthError('invalid_token', d, { status: 401 });

// Signature checks dominate a resource call; a verified token's payload is cached (bounded). Expiry
// and revocation are still checked on every call, against the engine clock and the store.
const cacheLimit = 10_000;

export async function verifyAccessToken(ctx: EngineContext, request: Request, token: string): Promise<AccessInfo> {
  const record = ctx.store.tokens.get(tokenHash(token));
  if (record && record.kind !== 'access') throw invalidToken('not an access token');
  if (record?.revoked && !ctx.defects.has('accept-revoked-token')) throw invalidToken('the access token was revoked');
  const now = ctx.clock.nowSeconds();
  if (ctx.profile.accessToken.format === 'opaque') {
    if (!record) throw invalidToken('unknown access token');
    if (record.exp !== null && record.exp <= now && !ctx.defects.has('accept-expired-token')) throw invalidToken('the access token expired');
    return { clientId: record.clientId, sub: record.sub, username: record.username, scope: record.scope, iat: record.iat, exp: record.exp, jti: record.jti };
  }
  const payload = await verifyJwt(ctx, request, token);
  if (typeof payload.exp === 'number' && payload.exp <= now && !ctx.defects.has('accept-expired-token')) throw invalidToken('the access token expired');
  checkClaims(ctx, request, payload, now);
  // A token that names no scope holds none (never "every scope").
  const scope = record?.scope ?? (typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : []);
  const usernameClaim = ctx.profile.accessToken.jwt?.usernameClaim;
  return {
    clientId: record?.clientId ?? (typeof payload.client_id === 'string' ? payload.client_id : undefined),
    sub: record?.sub ?? String(payload.sub ?? (usernameClaim ? payload[usernameClaim] : '') ?? ''),
    username: record?.username ?? (usernameClaim && typeof payload[usernameClaim] === 'string' ? (payload[usernameClaim] as string) : undefined),
    scope,
    iat: typeof payload.iat === 'number' ? payload.iat : undefined,
    exp: typeof payload.exp === 'number' ? payload.exp : null,
    jti: typeof payload.jti === 'string' ? payload.jti : undefined,
  };
}

// Clock skew tolerated for iat and nbf (RFC 7519 §4.1.5 allows "some small leeway").
const leewaySeconds = 60;

/**
 * What a signature does not prove (RFC 9068 §4): the audience is this profile's, a token of a
 * profile whose tokens expire carries exp, and it was not issued (or made valid) in the future.
 * The issuer and typ are checked with the signature.
 */
function checkClaims(ctx: EngineContext, request: Request, payload: JWTPayload, now: number): void {
  const jwt = ctx.profile.accessToken.jwt;
  if (jwt?.claims === 'rfc9068' || jwt?.audience) {
    const expected = jwt.audience ?? ctx.issuer(request);
    const aud = payload.aud;
    if (aud === undefined) throw invalidToken('the access token names no audience');
    if (!(Array.isArray(aud) ? aud.includes(expected) : aud === expected)) throw invalidToken('the access token is meant for another audience');
  }
  if (ctx.profile.accessToken.lifetime !== null && typeof payload.exp !== 'number') throw invalidToken('the access token carries no expiry');
  if (typeof payload.iat === 'number' && payload.iat > now + leewaySeconds && !ctx.defects.has('iat-after-exp')) throw invalidToken('the access token was issued in the future');
  if (typeof payload.nbf === 'number' && payload.nbf > now + leewaySeconds) throw invalidToken('the access token is not valid yet');
}

async function verifyJwt(ctx: EngineContext, request: Request, token: string): Promise<JWTPayload> {
  const cache = ctx.verified;
  const hit = cache.get(token);
  if (hit) return hit;
  if (ctx.defects.has('accept-alg-none')) {
    const unsigned = acceptUnsigned(token);
    if (unsigned) return unsigned;
  }
  const jwt = ctx.profile.accessToken.jwt;
  try {
    const key = await ctx.key();
    const { payload } = await jwtVerify(token, key.publicKey, {
      algorithms: [key.alg],
      // Expiry is judged against the engine clock below, not here, so that one check serves the cache.
      currentDate: new Date(0),
      ...(jwt?.claims === 'rfc9068' || jwt?.required.includes('iss') ? { issuer: ctx.issuer(request) } : {}),
      ...(jwt?.typ ? { typ: jwt.typ } : {}),
    });
    if (cache.size >= cacheLimit) cache.delete(cache.keys().next().value as string);
    cache.set(token, payload);
    return payload;
  } catch (e) {
    if (e instanceof joseErrors.JOSEError) throw invalidToken(e instanceof joseErrors.JWSSignatureVerificationFailed ? 'the access token signature is invalid' : 'the access token is malformed or not ours');
    throw invalidToken('the access token is malformed');
  }
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
