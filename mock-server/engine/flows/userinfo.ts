// OpenID Connect Core 1.0 §5.3: the UserInfo endpoint. A protected resource (RFC 6750 challenges)
// that answers the claims the token's scopes release (§5.4), with `sub` always (§5.3.2).
import type { Reply } from '../core/call.ts';
import type { BearerInput } from '../core/flow-input.ts';
import { findUser, type EngineContext } from '../core/context.ts';
import { json } from '../core/params.ts';
import { scopedClaims } from '../tokens/id-token.ts';
import { OAuthError } from '../core/oauth-error.ts';
import { verifyAccessToken } from '../tokens/tokens.ts';
import { defect } from '../core/defects.ts';
import { checkBinding } from '../tokens/dpop.ts';

export async function userinfo(ctx: EngineContext, { token, issuer, request, presented }: BearerInput): Promise<Reply> {
  // §5.3.1: GET or POST; the token as RFC 6750 allows, the form body included (the route says so).
  if (request.method === 'POST' && defect(ctx, 'userinfo-get-only')) return json(405, { error: 'invalid_request', error_description: 'use GET' }, { allow: 'GET' });
  if (token === undefined) throw new OAuthError('', 'no access token', { status: 401 });
  const info = await verifyAccessToken(ctx, issuer, token);
  checkBinding(ctx, info.jkt, presented);
  // §5.3.1: the access token must come from an OpenID Connect authentication request.
  if (!info.scope.includes('openid')) throw new OAuthError('insufficient_scope', 'the UserInfo endpoint needs a token granted the openid scope', { status: 403, scope: 'openid' });
  // The mock's subjects are user names; a claim set without a username claim still names the sub.
  const user = await findUser(ctx, info.username ?? info.sub);
  // §5.3.2: sub MUST equal the ID Token's.
  const sub = defect(ctx, 'userinfo-sub-mismatch') ? `${info.sub}-other` : info.sub;
  return json(200, { ...scopedClaims(user, info.scope), sub }, { 'cache-control': 'no-store' });
}
