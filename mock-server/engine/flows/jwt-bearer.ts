// RFC 7523 §2.1: a JWT assertion as an authorization grant. Workload identity federation and service
// accounts trade a JWT their own issuer signed for an access token of this server; the assertion's
// `sub` is whom the token is for.
import { grantTypeOnWire } from '../../../lib/resolved-profile.ts';
import { AssertionRefused, verifyAssertion } from '../clients/assertion.ts';
import type { Reply } from '../core/call.ts';
import { findUser, type EngineContext } from '../core/context.ts';
import { defect } from '../core/defects.ts';
import type { GrantInput } from '../core/flow-input.ts';
import { OAuthError, invalidRequest } from '../core/oauth-error.ts';
import { allowance, grantScope, parseScope } from '../core/scopes.ts';
import { requestedResources, resourcesOf } from '../tokens/resource-indicators.ts';
import { issueTokens } from '../tokens/token-response.ts';

export async function jwtBearerGrant(ctx: EngineContext, input: GrantInput): Promise<Reply> {
  const { params, client, grant, issuer } = input;
  const jb = ctx.profile.jwtBearer!;
  const assertion = params.get('assertion');
  // §2.1: "The value of the "assertion" parameter MUST contain a single JWT."
  if (!assertion) throw invalidRequest('assertion is required (RFC 7523 §2.1)');
  let verified;
  try {
    // §3 item 3: its own identity is the issuer identifier, or the token endpoint's URL.
    const tokenEndpoint = `${issuer}${ctx.profile.endpoints[grant.endpoint]!.path}`;
    const lax = { audience: defect(ctx, 'jwt-bearer-any-audience'), expiry: defect(ctx, 'jwt-bearer-expiry-ignored'), signature: defect(ctx, 'jwt-bearer-signature-ignored'), replay: defect(ctx, 'jwt-bearer-replay-allowed') };
    verified = await verifyAssertion(ctx, assertion, { issuers: jb.issuers, audiences: [issuer, tokenEndpoint], maxLifetime: jb.maxLifetime, requireJti: jb.requireJti, use: grantTypeOnWire('jwt_bearer'), lax });
  } catch (e) {
    if (!(e instanceof AssertionRefused)) throw e;
    // §3.1: 'The value of the "error" parameter MUST be the "invalid_grant" error code.'
    throw new OAuthError(defect(ctx, 'jwt-bearer-invalid-request') ? 'invalid_request' : 'invalid_grant', e.message);
  }
  const user = await findUser(ctx, verified.sub);
  const scope = grantScope(ctx, parseScope(params.get(grant.fields.scope)), allowance(ctx, client));
  const audience = requestedResources(ctx, issuer, resourcesOf(params.get('resource')));
  return issueTokens(
    ctx,
    input,
    { clientId: client?.clientId, sub: verified.sub, username: user?.username, scope, familyId: undefined, extraClaims: { ...client?.claims, ...user?.claims }, ...(audience ? { audience } : {}) },
    // RFC 7523 §2.1 leaves refresh tokens to the server; the assertion is presented again instead.
    { refresh: false, origin: 'client' },
  );
}
