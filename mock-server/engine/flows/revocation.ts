// RFC 7009: revoke an access or refresh token. Unknown tokens still get 200 (§2.2); a refresh token
// takes the access tokens of its family with it (§2.1 SHOULD).
import type { EngineContext } from '../context.ts';
import { authenticateClient } from '../client-auth.ts';
import { readParams } from '../http.ts';
import { invalidRequest } from '../oauth-error.ts';
import { defaultFields } from '../../../lib/resolved-profile.ts';
import { tokenHash } from '../store.ts';

export async function revoke(ctx: EngineContext, request: Request): Promise<Response> {
  const params = await readParams(request, ['form']);
  const { client } = authenticateClient(ctx, request, params, defaultFields);
  const token = params.get('token');
  if (token === undefined) throw invalidRequest('token is required');
  const record = ctx.store.tokens.get(tokenHash(token));
  if (!record && ctx.defects.has('revoke-unknown-400')) throw invalidRequest('unknown token');
  if (record) {
    if (record.clientId !== client.clientId) throw invalidRequest('the token was not issued to this client');
    record.revoked = true;
    if (record.kind === 'refresh') ctx.store.revokeFamily(record.familyId);
  }
  return new Response(null, { status: 200, headers: { 'cache-control': 'no-store' } });
}
