// Routes a grant request to its flow. The token endpoint picks by grant_type; dedicated endpoints
// (api.video's /auth/api-key and /auth/refresh) serve their one grant. The client is authenticated
// here, once, before any flow runs (RFC 6749 §3.2.1).
import type { EndpointName, GrantType, ResolvedGrant } from '../../../lib/resolved-profile.ts';
import type { Call, Reply } from '../core/call.ts';
import type { EngineContext } from '../core/context.ts';
import { clientForGrant } from '../clients/grant-clients.ts';
import { readParams, type Params } from '../core/params.ts';
import type { GrantFlow } from './grant-input.ts';
import { invalidRequest, unsupportedGrantType } from '../core/oauth-error.ts';
import { apiKey } from './api-key.ts';
import { authorizationCodeGrant } from './authorization-code.ts';
import { clientCredentials } from './client-credentials.ts';
import { password } from './password.ts';
import { refreshToken } from './refresh-token.ts';
import { defect } from '../core/defects.ts';

/** What a grant flow works from: never the request itself. */
const flows: Record<GrantType, GrantFlow> = {
  client_credentials: clientCredentials,
  password,
  refresh_token: refreshToken,
  api_key: apiKey,
  authorization_code: authorizationCodeGrant,
};

export async function grantEndpoint(ctx: EngineContext, call: Call, endpoint: EndpointName): Promise<Reply> {
  const grants = ctx.profile.grants.filter((g) => g.endpoint === endpoint);
  const params = readParams(call, [...new Set(grants.map((g) => g.encoding))], { allowRepeats: () => defect(ctx, 'accept-duplicate-parameters'), ...(ctx.profile.resourceIndicators ? { joined: ['resource'] } : {}) });
  const grant = pickGrant(ctx, grants, params);
  const client = await clientForGrant(ctx, call, params, grant);
  return flows[grant.type](ctx, { params, client, grant, issuer: ctx.issuer(call) });
}

function pickGrant(ctx: EngineContext, grants: ResolvedGrant[], params: Params): ResolvedGrant {
  const dedicated = grants.find((g) => !g.grantTypeParameter);
  if (dedicated) return dedicated;
  const type = params.get('grant_type');
  if (type === undefined) throw invalidRequest('grant_type is required');
  const grant = grants.find((g) => g.type === type);
  if (!grant && defect(ctx, 'wrong-error-code')) throw invalidRequest('bad grant_type');
  if (!grant) throw unsupportedGrantType(`grant_type ${type.slice(0, 64)} is not supported`);
  return grant;
}
