// The success answer of every grant: RFC 6749 §5.1 (or api.video's same-shaped answer), never cached.
import type { EngineContext } from './context.ts';
import { randomToken } from './context.ts';
import { json, noStore } from './http.ts';
import type { FamilyOrigin } from './store.ts';
import { mintAccessToken, mintRefreshToken, type Grantee } from './tokens.ts';

export interface IssueOptions {
  /** Mint a refresh token too, as the grant says. */
  refresh: boolean;
  origin: FamilyOrigin;
  /**
   * The answer to a refresh_token grant: the family exists and the new refresh token (if any) is of
   * this generation (the store has already moved the family to it).
   */
  refreshing?: { gen: number };
}

export async function issueTokens(ctx: EngineContext, request: Request, g: Grantee, opts: IssueOptions): Promise<Response> {
  // A family is recorded only where a refresh token exists: access tokens alone cost the store nothing.
  const familyId = g.familyId ?? (opts.refresh ? randomToken(12) : undefined);
  const grantee = { ...g, familyId };
  const [access, refresh] = await Promise.all([
    mintAccessToken(ctx, request, grantee),
    opts.refresh && familyId ? mintRefreshToken(ctx, familyId, opts.refreshing?.gen ?? 0, g.sub) : undefined,
  ]);
  if (refresh && familyId && !opts.refreshing) {
    await ctx.store.putFamily({ id: familyId, clientId: g.clientId, sub: g.sub, username: g.username, scope: g.scope, origin: opts.origin, gen: 0, until: refresh.exp });
  }
  const d = ctx.defects;
  const body: Record<string, unknown> = { access_token: access.token, ...(d.has('no-token-type') ? {} : { token_type: 'Bearer' }) };
  if (access.exp !== null) {
    const life = (access.exp - access.iat) * (d.has('wrong-expires-in') ? 2 : 1);
    body.expires_in = d.has('expires-in-string') ? String(life) : life;
  }
  if (refresh) body.refresh_token = refresh.token;
  if (ctx.profile.scopes.supported.length && g.scope.length) body.scope = g.scope.join(' ');
  const headers: Record<string, string> = { ...noStore };
  if (d.has('no-cache-control') || (opts.refreshing && d.has('refresh-cacheable'))) delete headers['cache-control'];
  if (d.has('no-pragma')) delete headers.pragma;
  return json(200, body, headers);
}
