// api.video (seeds 001, 004): POST {"apiKey": "..."} returns a bearer JWT and a refresh token. Sending
// the key again voids the refresh token issued before (`api-key-login`).
import type { ResolvedGrant } from '../../../lib/resolved-profile.ts';
import { secretsEqual } from '../client-auth.ts';
import type { EngineContext } from '../context.ts';
import type { Params } from '../http.ts';
import { invalidGrant, invalidRequest } from '../oauth-error.ts';
import { issueTokens } from '../token-response.ts';

export async function apiKey(ctx: EngineContext, request: Request, params: Params, grant: ResolvedGrant): Promise<Response> {
  const key = params.get(grant.fields.apiKey);
  if (key === undefined) throw invalidRequest(`${grant.fields.apiKey} is required`);
  // Check every key, so the time taken does not depend on which one matched.
  let entry: (typeof ctx.apiKeys)[number] | undefined;
  for (const k of ctx.apiKeys) if (secretsEqual(key, k.key) && !entry) entry = k;
  if (!entry) throw invalidGrant('the API key is invalid');
  if (ctx.profile.refreshToken.invalidatedBy.includes('api-key-login') && !ctx.defects.has('keep-refresh-after-login')) {
    for (const r of ctx.store.tokens.values()) {
      if (r.kind === 'refresh' && r.origin === 'api-key' && r.sub === entry.subject) r.revoked = true;
    }
  }
  return issueTokens(ctx, request, { clientId: undefined, sub: entry.subject, username: undefined, scope: [], familyId: undefined }, { refresh: grant.issuesRefreshToken, origin: 'api-key' });
}
