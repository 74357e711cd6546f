import type { Client } from '../../../generated/types/index.ts';
import type { ResolvedGrant } from '../../../lib/resolved-profile.ts';
import type { Call } from '../core/call.ts';
import { authenticateClient } from './client-auth.ts';
import type { EngineContext } from '../core/context.ts';
import type { Params } from '../core/params.ts';
import { unauthorizedClient } from '../core/oauth-error.ts';

/**
 * The client behind a grant request, authenticated and allowed to use the grant. Profiles without OAuth
 * clients (api.video: the API key is the credential) have none. Called once per request, before the flow.
 */
export async function clientForGrant(ctx: EngineContext, call: Call, params: Params, grant: ResolvedGrant): Promise<Client | undefined> {
  if (grant.type === 'api_key' || ctx.clients.size === 0) return undefined;
  const { client } = await authenticateClient(ctx, call, params, grant.fields);
  if (client.grants && !client.grants.includes(grant.type)) throw unauthorizedClient(`client may not use the ${grant.type} grant`);
  return client;
}
