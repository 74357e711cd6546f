// RFC 7009: revoke an access or refresh token. Unknown tokens still get 200 (§2.2); a refresh token
// takes the access tokens of its family with it (§2.1 SHOULD).
// The pipeline has authenticated the client (the route requires it, §2.1).
import { empty, type Reply } from '../core/call.ts';
import { revocationUntil, type EngineContext } from '../core/context.ts';
import type { FlowInput } from '../core/flow-input.ts';
import { invalidRequest } from '../core/oauth-error.ts';
import { readToken, tokenHash, type TokenClaims } from '../tokens/tokens.ts';
import { defect } from '../core/defects.ts';

export async function revoke(ctx: EngineContext, { params, client }: FlowInput): Promise<Reply> {
  const token = params.get('token');
  if (token === undefined) throw invalidRequest('token is required');
  const claims = await readToken(ctx, token);
  const owner = claims && (await ownerOf(ctx, claims));
  if (!owner && defect(ctx, 'revoke-unknown-400')) throw invalidRequest('unknown token');
  // The defect: without token_type_hint only access tokens are looked for (RFC 7009 §2.1: the hint is OPTIONAL).
  const overlooked = claims?.kind === 'refresh' && params.get('token_type_hint') === undefined && defect(ctx, 'revocation-needs-hint');
  if (claims && owner && !overlooked) {
    if (owner.clientId !== client?.clientId) throw invalidRequest('the token was not issued to this client');
    await revokeKnown(ctx, token, claims);
  }
  return empty(200, { 'cache-control': 'no-store' });
}

/** The client a token of ours was issued to; undefined when it is not (or no longer) known. */
export async function ownerOf(ctx: EngineContext, claims: TokenClaims): Promise<{ clientId: string | undefined } | undefined> {
  // An ID Token is not a credential (Core 1.0 §2): there is nothing to revoke, as for an unknown token.
  if (claims.kind === 'id') return undefined;
  const family = claims.familyId ? await ctx.store.family(claims.familyId) : undefined;
  if (claims.kind === 'refresh') return family && { clientId: family.clientId };
  // A JWT of a custom claim set may not name its client; its family does.
  return { clientId: claims.clientId ?? family?.clientId };
}

/** A refresh token revokes its family; an access token only itself, until it would have expired. */
export async function revokeKnown(ctx: EngineContext, token: string, claims: TokenClaims): Promise<void> {
  if (claims.kind === 'refresh' && claims.familyId) await ctx.store.revokeFamily(claims.familyId, undefined, revocationUntil(ctx));
  else await ctx.store.revokeToken(tokenHash(token), claims.exp);
}
