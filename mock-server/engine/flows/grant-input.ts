// What a grant's flow receives from the token endpoint, once the request is parsed and the client known.
import type { Client } from '../../../generated/types/index.ts';
import type { ResolvedGrant } from '../../../lib/resolved-profile.ts';
import type { Reply } from '../core/call.ts';
import type { EngineContext } from '../core/context.ts';
import type { Params } from '../core/params.ts';

export interface GrantInput {
  params: Params;
  /** The authenticated client (none for profiles without clients, and for the API-key grant). */
  client: Client | undefined;
  grant: ResolvedGrant;
  issuer: string;
}

export type GrantFlow = (ctx: EngineContext, input: GrantInput) => Promise<Reply>;
