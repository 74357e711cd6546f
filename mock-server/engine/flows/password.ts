// RFC 6749 §4.3: the resource owner's name and password. Shield (seed 002): a login from another
// device voids the user's earlier refresh tokens, which the profile encodes as `password-login`.
import type { Reply } from '../core/call.ts';
import { secretsEqual } from '../clients/client-auth.ts';
import { findUser, randomToken, revocationUntil, type EngineContext } from '../core/context.ts';
import { invalidGrant, invalidRequest } from '../core/oauth-error.ts';
import { allowance, grantScope, parseScope } from '../core/scopes.ts';
import { requestedResources, resourcesOf } from '../tokens/resource-indicators.ts';
import { issueTokens } from '../tokens/token-response.ts';
import type { GrantInput } from '../core/flow-input.ts';
import { defect } from '../core/defects.ts';

export async function password(ctx: EngineContext, input: GrantInput): Promise<Reply> {
  const { params, client, grant, issuer } = input;
  const username = params.get(grant.fields.username);
  const pass = params.get(grant.fields.password);
  if (username === undefined || pass === undefined) throw invalidRequest(`${grant.fields.username} and ${grant.fields.password} are required`);
  const user = await findUser(ctx, username);
  // Compare against something even for unknown users, so timing does not tell which names exist.
  const ok = secretsEqual(pass, user?.password ?? '\u0000no-such-user');
  if (!user || !ok) throw invalidGrant('the user name or password is wrong');
  const scope = grantScope(ctx, parseScope(params.get(grant.fields.scope)), allowance(ctx, client));
  // Each login is its own family; a new one voids the refresh tokens of the earlier (seeds 002, 004),
  // including one minted concurrently, through the store's family revocation.
  const familyId = randomToken(12);
  const audience = requestedResources(ctx, issuer, resourcesOf(params.get('resource')));
  if (ctx.profile.refreshToken.invalidatedBy.includes('password-login') && !defect(ctx, 'keep-refresh-after-login')) await ctx.store.voidOtherLogins(`password:${user.username}`, familyId, revocationUntil(ctx));
  return issueTokens(ctx, input, { clientId: client?.clientId, sub: user.username, username: user.username, scope, familyId, extraClaims: { ...client?.claims, ...user.claims }, ...(audience ? { audience } : {}) }, {
    refresh: grant.issuesRefreshToken,
    origin: 'password',
    // Core 1.0 defines ID Tokens for the authorization endpoint's flows; a profile may extend that to
    // the password grant (as many providers do), and the user authenticates right here.
    ...(ctx.profile.oidc?.idToken?.passwordGrant ? { authentication: { authTime: ctx.clock.nowSeconds(), nonce: undefined } } : {}),
  });
}
