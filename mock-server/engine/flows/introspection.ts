// RFC 7662: active tokens are described, anything else is {"active": false} and nothing more.
// The pipeline has authenticated the client (the route requires it, RFC 7662 §2.1).
import type { Reply } from '../core/call.ts';
import type { EngineContext } from '../core/context.ts';
import type { FlowInput } from '../core/flow-input.ts';
import { json, noStore } from '../core/params.ts';
import { OAuthError, invalidRequest } from '../core/oauth-error.ts';
import { readToken, tokenHash, verifyAccessToken } from '../tokens/tokens.ts';
import { defect } from '../core/defects.ts';

export async function introspect(ctx: EngineContext, { params, issuer, clock, store }: FlowInput): Promise<Reply> {
  const token = params.get('token');
  if (token === undefined) throw invalidRequest('token is required');
  const inactive = json(200, { active: false }, { ...noStore });
  const hint = params.get('token_type_hint');
  if (hint !== undefined && hint !== 'access_token' && hint !== 'refresh_token' && defect(ctx, 'introspection-refuses-unknown-hint')) throw invalidRequest(`unknown token_type_hint ${hint.slice(0, 40)}`);
  // RFC 7662 §2.2: token_type is a token type of RFC 6749 §7.1 (the defect answers the hint's word instead).
  const base = { iss: issuer, token_type: defect(ctx, 'introspection-token-type-hint') ? 'access_token' : 'Bearer' };
  const claims = await readToken(ctx, token);
  if (claims?.kind === 'refresh') {
    // The defect: a refresh token is looked for only when hinted (RFC 7662 §2.1: the search extends to every type).
    if (hint !== 'refresh_token' && defect(ctx, 'introspection-needs-hint')) return inactive;
    const family = claims.familyId ? await store.family(claims.familyId) : undefined;
    if (!family) return inactive;
    const rev = await store.revocation(tokenHash(token), family.id);
    const rotatedAway = ctx.profile.refreshToken.policy !== 'reusable' && claims.gen !== family.gen;
    if (rev.token || rev.family || rotatedAway || (claims.exp !== null && claims.exp <= clock.nowSeconds())) return inactive;
    return json(200, dropUndefined({ active: true, ...base, token_type: 'refresh_token', client_id: family.clientId, sub: family.sub, username: family.username, scope: family.scope.join(' ') || undefined, iat: claims.iat, exp: claims.exp ?? undefined }), { ...noStore });
  }
  try {
    // RFC 8707, RFC 8693: a token minted for another of this server's audiences is active all the same.
    const anyAudience = Boolean(ctx.profile.resourceIndicators || ctx.profile.tokenExchange);
    const info = await verifyAccessToken(ctx, issuer, token, anyAudience ? 'any' : 'own');
    const clientId = info.clientId ?? (info.familyId ? (await store.family(info.familyId))?.clientId : undefined);
    return json(200, dropUndefined({ active: true, ...base, client_id: clientId, sub: info.sub, username: info.username, scope: info.scope.join(' ') || undefined, iat: info.iat, exp: info.exp ?? undefined, jti: info.jti, aud: anyAudience ? audienceValue(info.audience) : ctx.profile.accessToken.jwt?.audience, act: info.act, ...bound(info.jkt) }), { ...noStore });
  } catch (e) {
    if (e instanceof OAuthError && e.code === 'invalid_token') return inactive;
    throw e;
  }
}

/** RFC 9449 §6.2: a DPoP-bound token is introspected with its key's thumbprint, and is of type DPoP. */
function bound(jkt: string | undefined): Record<string, unknown> {
  return jkt ? { token_type: 'DPoP', cnf: { jkt } } : {};
}

function audienceValue(a: string[] | undefined): string | string[] | undefined {
  return a && a.length === 1 ? a[0] : a;
}

function dropUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
