// The success answer of every grant: RFC 6749 §5.1 (or api.video's same-shaped answer), never cached.
import type { Reply } from '../core/call.ts';
import type { EngineContext } from '../core/context.ts';
import { findUser, randomToken } from '../core/context.ts';
import { json, noStore } from '../core/params.ts';
import type { FamilyOrigin } from '../../store/store.ts';
import { mintIdToken } from './id-token.ts';
import { mintAccessToken, mintRefreshToken, type Grantee } from './tokens.ts';
import { defect } from '../core/defects.ts';
import type { GrantInput } from '../core/flow-input.ts';
import { isConfidential } from '../clients/client-auth.ts';

export interface IssueOptions {
  /** Mint a refresh token too, as the grant says. */
  refresh: boolean;
  origin: FamilyOrigin;
  /**
   * The answer to a refresh_token grant: the family exists and the new refresh token (if any) is of
   * this generation (the store has already moved the family to it).
   */
  refreshing?: { gen: number };
  /**
   * OpenID Connect: the authentication this grant carries (Core 1.0 §3.1.3.3). An ID Token is issued
   * when this is set, the profile has `oidc` and `openid` was granted.
   */
  authentication?: { authTime: number | undefined; nonce: string | undefined };
  /** A token exchange's answer names what it issued (RFC 8693 §2.2.1). */
  issuedTokenType?: string;
}

/** The tokens a grant request earned, for the client and the DPoP key (RFC 9449 §5) its input carries. */
export async function issueTokens(ctx: EngineContext, input: Pick<GrantInput, 'issuer' | 'client' | 'proof'>, g: Grantee, opts: IssueOptions): Promise<Reply> {
  const issuer = input.issuer;
  // A family is recorded only where a refresh token exists: access tokens alone cost the store nothing.
  const familyId = g.familyId ?? (opts.refresh ? randomToken(12) : undefined);
  // RFC 9449 §5: a token requested with a valid proof is bound to its key (cnf.jkt, §6).
  const jkt = input.proof?.jkt;
  const grantee = { ...g, familyId, ...(jkt ? { jkt } : {}) };
  // Both signatures at once where there are two (each in its own pool thread).
  const minting = mintAccessToken(ctx, issuer, grantee);
  const [access, refresh] = opts.refresh && familyId ? await Promise.all([minting, mintRefreshToken(ctx, familyId, opts.refreshing?.gen ?? 0, g.sub)]) : [await minting, undefined];
  if (refresh && familyId && !opts.refreshing) {
    const authTime = opts.authentication?.authTime;
    // §5: "Refresh tokens issued to confidential clients are not bound to the DPoP proof public key"; a public client's are.
    const bindRefresh = jkt && !isConfidential(input.client) ? { jkt } : {};
    await ctx.store.putFamily({ id: familyId, clientId: g.clientId, sub: g.sub, username: g.username, scope: g.scope, origin: opts.origin, gen: 0, until: refresh.exp, ...(authTime === undefined ? {} : { authTime }), ...(g.audience ? { resource: g.audience } : {}), ...bindRefresh });
  }
  const body: Record<string, unknown> = { access_token: access.token, ...(opts.issuedTokenType ? { issued_token_type: opts.issuedTokenType } : {}), token_type: jkt ? 'DPoP' : 'Bearer' };
  if (access.exp !== null) body.expires_in = access.exp - access.iat;
  if (refresh) body.refresh_token = refresh.token;
  if (ctx.profile.scopes.supported.length && g.scope.length) body.scope = g.scope.join(' ');
  const authn = opts.authentication;
  if (authn && ctx.profile.oidc && g.clientId !== undefined && (g.scope.includes('openid') || defect(ctx, 'id-token-without-openid'))) {
    const user = g.username === undefined ? undefined : await findUser(ctx, g.username);
    body.id_token = await mintIdToken(ctx, issuer, { clientId: g.clientId, sub: g.sub, scope: g.scope, user, authTime: authn.authTime, nonce: authn.nonce, accessToken: access.token, refreshing: Boolean(opts.refreshing) });
  }
  return { ...json(200, body, { ...noStore }), kind: opts.refreshing ? 'refresh' : opts.issuedTokenType ? 'exchanged' : 'token' };
}
