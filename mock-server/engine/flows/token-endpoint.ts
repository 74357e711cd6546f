// Routes a grant request to its flow. The token endpoint picks by grant_type; dedicated endpoints
// (api.video's /auth/api-key and /auth/refresh) serve their one grant.
import type { EndpointName, GrantType, ResolvedGrant } from '../../../lib/resolved-profile.ts';
import type { EngineContext } from '../context.ts';
import { readParams, type Params } from '../http.ts';
import { invalidRequest, unsupportedGrantType } from '../oauth-error.ts';
import { apiKey } from './api-key.ts';
import { authorizationCodeGrant } from './authorization-code.ts';
import { clientCredentials } from './client-credentials.ts';
import { password } from './password.ts';
import { refreshToken } from './refresh-token.ts';

type GrantFlow = (ctx: EngineContext, request: Request, params: Params, grant: ResolvedGrant) => Promise<Response>;

const flows: Record<GrantType, GrantFlow> = {
  client_credentials: clientCredentials,
  password,
  refresh_token: refreshToken,
  api_key: apiKey,
  authorization_code: authorizationCodeGrant,
};

export async function grantEndpoint(ctx: EngineContext, request: Request, endpoint: EndpointName): Promise<Response> {
  const grants = ctx.profile.grants.filter((g) => g.endpoint === endpoint);
  const params = await readParams(request, [...new Set(grants.map((g) => g.encoding))], { allowRepeats: ctx.defects.has('accept-duplicate-parameters') });
  const dedicated = grants.find((g) => !g.grantTypeParameter);
  if (dedicated) return flows[dedicated.type](ctx, request, params, dedicated);
  const type = params.get('grant_type');
  if (type === undefined) throw invalidRequest('grant_type is required');
  const grant = grants.find((g) => g.type === type);
  if (!grant && ctx.defects.has('wrong-error-code')) throw invalidRequest('bad grant_type');
  if (!grant) throw unsupportedGrantType(`grant_type ${type.slice(0, 64)} is not supported`);
  return flows[grant.type](ctx, request, params, grant);
}
