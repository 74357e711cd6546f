// RFC 6749 §4.4: a confidential client trades its credentials for an access token.
import { isConfidential } from '../clients/client-auth.ts';
import type { Reply } from '../core/call.ts';
import type { EngineContext } from '../core/context.ts';
import { unauthorizedClient } from '../core/oauth-error.ts';
import { allowance, grantScope, parseScope } from '../core/scopes.ts';
import { requestedResources, resourcesOf } from '../tokens/resource-indicators.ts';
import { issueTokens } from '../tokens/token-response.ts';
import type { GrantInput } from '../core/flow-input.ts';
import { defect } from '../core/defects.ts';

export async function clientCredentials(ctx: EngineContext, input: GrantInput): Promise<Reply> {
  const { params, client, grant, issuer } = input;
  if (!isConfidential(client)) throw unauthorizedClient('client_credentials needs a confidential client (RFC 6749 §4.4)');
  const requested = defect(ctx, 'ignore-scope-narrowing') ? undefined : parseScope(params.get(grant.fields.scope));
  const scope = grantScope(ctx, requested, allowance(ctx, client));
  const audience = requestedResources(ctx, issuer, resourcesOf(params.get('resource')));
  return issueTokens(ctx, input, { clientId: client.clientId, sub: client.clientId, username: undefined, scope, familyId: undefined, extraClaims: client.claims ?? {}, ...(audience ? { audience } : {}) }, { refresh: grant.issuesRefreshToken || defect(ctx, 'refresh-token-for-client-credentials'), origin: 'client' });
}
