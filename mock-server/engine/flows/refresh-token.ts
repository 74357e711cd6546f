// RFC 6749 §6 with the profile's policy: reusable, rotating, or rotating with reuse detection (RFC 9700
// §4.14.2: a rotated-away token presented again revokes its whole family).
import type { ResolvedGrant } from '../../../lib/resolved-profile.ts';
import type { EngineContext } from '../context.ts';
import { clientForGrant } from '../grant-clients.ts';
import type { Params } from '../http.ts';
import { invalidGrant, invalidRequest, invalidScope } from '../oauth-error.ts';
import { parseScope } from '../scopes.ts';
import { tokenHash } from '../store.ts';
import { issueTokens } from '../token-response.ts';

export async function refreshToken(ctx: EngineContext, request: Request, params: Params, grant: ResolvedGrant): Promise<Response> {
  const client = clientForGrant(ctx, request, params, grant);
  const presented = params.get(grant.fields.refreshToken);
  if (presented === undefined) throw invalidRequest(`${grant.fields.refreshToken} is required`);
  const record = ctx.store.tokens.get(tokenHash(presented));
  if (!record || record.kind !== 'refresh') throw invalidGrant('unknown refresh token');
  if (record.clientId !== client?.clientId) throw invalidGrant('the refresh token was issued to another client');
  if (record.revoked) throw invalidGrant('the refresh token was revoked');
  if (record.exp !== null && record.exp <= ctx.clock.nowSeconds()) throw invalidGrant('the refresh token expired');
  const policy = ctx.profile.refreshToken.policy;
  if (record.used && !ctx.defects.has('allow-refresh-reuse')) {
    if (policy === 'rotating-reuse-detection') {
      ctx.store.revokeFamily(record.familyId);
      throw invalidGrant('refresh token reuse detected; the whole token family is revoked');
    }
    throw invalidGrant('the refresh token was already used');
  }
  const requested = parseScope(params.get(grant.fields.scope));
  const excess = (requested ?? []).filter((s) => !record.scope.includes(s));
  if (excess.length && !ctx.defects.has('broaden-scope-on-refresh')) throw invalidScope(`scope broader than originally granted: ${excess.join(' ')}`);
  const scope = requested && requested.length ? requested : record.scope;
  const rotate = policy !== 'reusable';
  // Marked before any await: of two concurrent refreshes with one token, exactly one gets through.
  if (rotate && !ctx.defects.has('allow-refresh-reuse')) record.used = true;
  return issueTokens(
    ctx,
    request,
    { clientId: record.clientId, sub: record.sub, username: record.username, scope, familyId: record.familyId, extraClaims: { ...client?.claims, ...(record.username ? ctx.store.users.get(record.username)?.claims : {}) } },
    { refresh: rotate, origin: record.origin, refreshing: true },
  );
}
