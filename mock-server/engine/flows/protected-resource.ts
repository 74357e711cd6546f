// RFC 9728: the protected resource's metadata, at the well-known URL formed from its identifier
// (§3.1: the well-known segment goes between the host and the identifier's path), and at the root for
// the origin itself. `resource` is the identifier the URL was formed from (§3.3).
import type { Reply } from '../core/call.ts';
import type { FlowInput } from '../core/flow-input.ts';
import type { EngineContext } from '../core/context.ts';
import { json } from '../core/params.ts';
import { protectedResourceId } from '../tokens/resource-indicators.ts';
import { defect } from '../core/defects.ts';

export function protectedResourceMetadata(ctx: EngineContext, { issuer }: FlowInput, which: 'resource' | 'root'): Reply {
  const pr = ctx.profile.protectedResource!;
  const id = which === 'root' ? new URL(issuer).origin : protectedResourceId(ctx, issuer)!;
  const scopes = pr.scopesSupported ?? ctx.profile.scopes.supported.filter((s) => s !== 'openid');
  const body = {
    resource: defect(ctx, 'prm-resource-mismatch') ? `${id}/other` : id,
    authorization_servers: [issuer],
    ...(scopes.length ? { scopes_supported: scopes } : {}),
    // RFC 6750 §2.1 only: the mock's resources refuse query and body tokens unless the profile allows them.
    bearer_methods_supported: ['header', ...(ctx.profile.bearer.bodyToken ? ['body'] : []), ...(ctx.profile.bearer.queryToken ? ['query'] : [])],
    resource_name: ctx.profile.title,
  };
  return { ...json(200, body, { 'cache-control': 'max-age=60' }), kind: 'resource-metadata' };
}
