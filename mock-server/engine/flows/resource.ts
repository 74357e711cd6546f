// Protected resources answer exactly as RFC 6750 §3 says: no credentials -> 401 with a bare
// challenge; bad token -> 401 invalid_token; missing scope -> 403 insufficient_scope; malformed -> 400
// (the pipeline finds the token, bearer-token.ts).
import type { Resource } from '../../../generated/types/index.ts';
import type { EngineContext } from '../core/context.ts';
import type { Reply } from '../core/call.ts';
import { jsonText } from '../core/params.ts';
import type { BearerInput } from '../core/flow-input.ts';
import { OAuthError } from '../core/oauth-error.ts';
import { verifyAccessToken } from '../tokens/tokens.ts';
import { resourceIdOf } from '../tokens/resource-indicators.ts';
import { defect } from '../core/defects.ts';
import { checkBinding } from '../tokens/dpop.ts';

export async function resource(ctx: EngineContext, { token, issuer, presented }: BearerInput, res: Resource): Promise<Reply> {
  // MCP 2025-11-25: the challenge SHOULD name the scope the resource needs (RFC 6750 §3 scope attribute).
  const hint = ctx.profile.protectedResource && ctx.profile.protectedResource.challengeScope !== false && res.scopes?.length ? { scope: res.scopes.join(' ') } : {};
  if (token === undefined) throw new OAuthError('', 'no access token', { status: 401, ...hint });
  // RFC 8707 profiles: each resource is its own audience (RFC 9068 §4), the defect lets the protected resource's stand for all.
  const own = ctx.profile.resourceIndicators && !defect(ctx, 'audience-shared-by-resources') ? { at: resourceIdOf(issuer, res) } : 'own';
  const info = await verifyAccessToken(ctx, issuer, token, own);
  checkBinding(ctx, info.jkt, presented);
  const needed = res.scopes ?? [];
  if (!needed.every((s) => info.scope.includes(s))) {
    if (defect(ctx, 'insufficient-scope-401')) throw new OAuthError('invalid_token', 'token not valid here', { status: 401 });
    throw new OAuthError('insufficient_scope', `this resource needs scope ${needed.join(' ')}`, { status: 403, scope: needed.join(' ') });
  }
  const body = res.body ?? ctx.profile.mock.resourceBody ?? okBody;
  let serialised = documents.get(body);
  if (serialised === undefined) documents.set(body, (serialised = JSON.stringify(body)));
  return jsonText(200, serialised, { 'cache-control': 'no-store' });
}

const okBody = { ok: true };
// A resource answers the same document on every call (the resolved profile is never changed in place): serialised once.
const documents = new WeakMap<object, string>();
