// The token endpoint's grants, by type. The pipeline has already picked the grant (by grant_type, or
// the dedicated endpoint's one: api.video's /auth/api-key and /auth/refresh) and authenticated the
// client as the grant's route declares (RFC 6749 §3.2.1), before any grant runs.
import type { GrantType } from '../../../lib/resolved-profile.ts';
import type { Reply } from '../core/call.ts';
import type { EngineContext } from '../core/context.ts';
import type { GrantFlow, GrantInput } from '../core/flow-input.ts';
import { apiKey } from './api-key.ts';
import { authorizationCodeGrant } from './authorization-code.ts';
import { clientCredentials } from './client-credentials.ts';
import { password } from './password.ts';
import { refreshToken } from './refresh-token.ts';
import { deviceCodeGrant } from './device-authorization.ts';
import { tokenExchange } from './token-exchange.ts';
import { jwtBearerGrant } from './jwt-bearer.ts';

const flows: Record<GrantType, GrantFlow> = {
  client_credentials: clientCredentials,
  password,
  refresh_token: refreshToken,
  api_key: apiKey,
  authorization_code: authorizationCodeGrant,
  device_code: deviceCodeGrant,
  token_exchange: tokenExchange,
  jwt_bearer: jwtBearerGrant,
};

export function grantEndpoint(ctx: EngineContext, input: GrantInput): Promise<Reply> {
  return flows[input.grant.type](ctx, input);
}
