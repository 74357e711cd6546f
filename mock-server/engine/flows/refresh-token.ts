// RFC 6749 §6 with the profile's policy: reusable, rotating, or rotating with reuse detection (RFC 9700
// §4.14.2: a rotated-away token presented again revokes its whole family).
import type { Reply } from '../core/call.ts';
import { findUser, revocationUntil, type EngineContext } from '../core/context.ts';
import { invalidGrant, invalidRequest, invalidScope } from '../core/oauth-error.ts';
import { parseScope } from '../core/scopes.ts';
import { canonical } from '../../../lib/resource-uri.ts';
import { invalidTarget, requestedResources, resourcesOf } from '../tokens/resource-indicators.ts';
import { issueTokens } from '../tokens/token-response.ts';
import { readToken, tokenHash } from '../tokens/tokens.ts';
import type { GrantInput } from '../core/flow-input.ts';
import { defect } from '../core/defects.ts';

export async function refreshToken(ctx: EngineContext, input: GrantInput): Promise<Reply> {
  const { params, client, grant, issuer } = input;
  const presented = params.get(grant.fields.refreshToken);
  if (presented === undefined) throw invalidRequest(`${grant.fields.refreshToken} is required`);
  const claims = await readToken(ctx, presented);
  if (!claims || claims.kind !== 'refresh' || !claims.familyId) throw invalidGrant('unknown refresh token');
  const family = await ctx.store.family(claims.familyId);
  if (!family) throw invalidGrant('unknown refresh token');
  if (family.clientId !== client?.clientId) throw invalidGrant('the refresh token was issued to another client');
  const rev = await ctx.store.revocation(tokenHash(presented), family.id);
  if (rev.token || rev.family) throw invalidGrant('the refresh token was revoked');
  if (claims.exp !== null && claims.exp <= ctx.clock.nowSeconds()) throw invalidGrant('the refresh token expired');
  // RFC 9449 §5: a public client's refresh token is bound to its DPoP key; only a proof by that key refreshes it.
  if (family.jkt && input.proof?.jkt !== family.jkt) throw invalidGrant(input.proof ? 'the refresh token is bound to another DPoP key than the proof’s' : 'the refresh token is DPoP-bound: send a DPoP proof signed by its key');
  const policy = ctx.profile.refreshToken.policy;
  const rotate = policy !== 'reusable';
  const reuseAllowed = defect(ctx, 'allow-refresh-reuse');
  const requested = parseScope(params.get(grant.fields.scope));
  // RFC 6749 §6: the scope may narrow, never broaden beyond the original grant.
  const excess = (requested ?? []).filter((s) => !family.scope.includes(s));
  if (excess.length && !defect(ctx, 'broaden-scope-on-refresh')) throw invalidScope(`scope broader than originally granted: ${excess.join(' ')}`);
  const scope = requested && requested.length ? requested : family.scope;
  // RFC 8707 §2.2: a refresh may ask for fewer of the resources originally granted, never others.
  const asked = requestedResources(ctx, issuer, resourcesOf(params.get('resource')));
  if (asked && family.resource && asked.some((r) => !family.resource!.map(canonical).includes(canonical(r)))) throw invalidTarget('resource was not part of the original grant');
  const audience = asked ?? family.resource;
  let gen = family.gen;
  if (rotate && !reuseAllowed) {
    // The store moves the family on atomically: of concurrent refreshes with one token exactly one wins.
    const lifetime = ctx.profile.refreshToken.lifetime;
    const moved = await ctx.store.rotate(family.id, claims.gen, lifetime === null ? null : ctx.clock.nowSeconds() + lifetime);
    if (moved === 'unknown') throw invalidGrant('unknown refresh token');
    if (moved === 'stale') {
      if (policy === 'rotating-reuse-detection') {
        await ctx.store.revokeFamily(family.id, undefined, revocationUntil(ctx));
        throw invalidGrant('refresh token reuse detected; the whole token family is revoked');
      }
      throw invalidGrant('the refresh token was already used');
    }
    gen = claims.gen + 1;
  }
  const user = family.username ? await findUser(ctx, family.username) : undefined;
  return issueTokens(
    ctx,
    input,
    { clientId: family.clientId, sub: family.sub, username: family.username, scope, familyId: family.id, extraClaims: { ...client?.claims, ...user?.claims }, ...(audience ? { audience } : {}) },
    {
      refresh: rotate,
      origin: family.origin,
      refreshing: { gen },
      // Core 1.0 §12.2: an ID Token on refresh keeps the original auth_time and carries no nonce.
      ...(ctx.profile.oidc?.idToken?.refresh !== false && (family.origin === 'code' || ctx.profile.oidc?.idToken?.passwordGrant) ? { authentication: { authTime: family.authTime, nonce: undefined } } : {}),
    },
  );
}
