// api.video (seeds 001, 004): POST {"apiKey": "..."} returns a bearer JWT and a refresh token. Sending
// the key again voids the refresh token issued before (`api-key-login`).
import type { Reply } from '../core/call.ts';
import { secretsEqual } from '../clients/client-auth.ts';
import { randomToken, revocationUntil, type EngineContext } from '../core/context.ts';
import { invalidGrant, invalidRequest } from '../core/oauth-error.ts';
import { issueTokens } from '../tokens/token-response.ts';
import type { GrantInput } from '../core/flow-input.ts';
import { defect } from '../core/defects.ts';

export async function apiKey(ctx: EngineContext, input: GrantInput): Promise<Reply> {
  const { params, grant } = input;
  const key = params.get(grant.fields.apiKey);
  if (key === undefined) throw invalidRequest(`${grant.fields.apiKey} is required`);
  // Check every key, so the time taken does not depend on which one matched.
  let entry: (typeof ctx.apiKeys)[number] | undefined;
  for (const k of ctx.apiKeys) if (secretsEqual(key, k.key) && !entry) entry = k;
  if (!entry) throw invalidGrant('the API key is invalid');
  // Each login is its own family; a new one voids the refresh tokens of the earlier (seeds 002, 004),
  // including one minted concurrently, through the store's family revocation.
  const familyId = randomToken(12);
  if (ctx.profile.refreshToken.invalidatedBy.includes('api-key-login') && !defect(ctx, 'keep-refresh-after-login')) await ctx.store.voidOtherLogins(`api-key:${entry.subject}`, familyId, revocationUntil(ctx));
  return issueTokens(ctx, input, { clientId: undefined, sub: entry.subject, username: undefined, scope: [], familyId }, { refresh: grant.issuesRefreshToken, origin: 'api-key' });
}
