// RFC 7662: active tokens are described, anything else is {"active": false} and nothing more.
import { defaultFields } from '../../../lib/resolved-profile.ts';
import { authenticateClient } from '../client-auth.ts';
import type { EngineContext } from '../context.ts';
import { json, noStore, readParams } from '../http.ts';
import { OAuthError, invalidRequest } from '../oauth-error.ts';
import { tokenHash } from '../store.ts';
import { verifyAccessToken } from '../tokens.ts';

export async function introspect(ctx: EngineContext, request: Request): Promise<Response> {
  const params = await readParams(request, ['form']);
  authenticateClient(ctx, request, params, defaultFields);
  const token = params.get('token');
  if (token === undefined) throw invalidRequest('token is required');
  const inactive = json(200, { active: false }, { ...noStore });
  const record = ctx.store.tokens.get(tokenHash(token));
  const base = { iss: ctx.issuer(request), token_type: 'Bearer' };
  if (record?.kind === 'refresh') {
    if (record.revoked || record.used || (record.exp !== null && record.exp <= ctx.clock.nowSeconds())) return inactive;
    return json(200, dropUndefined({ active: true, ...base, token_type: 'refresh_token', client_id: record.clientId, sub: record.sub, username: record.username, scope: record.scope.join(' ') || undefined, iat: record.iat, exp: record.exp ?? undefined }), { ...noStore });
  }
  try {
    const info = await verifyAccessToken(ctx, request, token);
    return json(200, dropUndefined({ active: true, ...base, client_id: info.clientId, sub: info.sub, username: info.username, scope: info.scope.join(' ') || undefined, iat: info.iat, exp: info.exp ?? undefined, jti: info.jti, aud: ctx.profile.accessToken.jwt?.audience }), { ...noStore });
  } catch (e) {
    if (e instanceof OAuthError && e.code === 'invalid_token') return inactive;
    throw e;
  }
}

function dropUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
