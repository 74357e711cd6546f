// The success answer of every grant: RFC 6749 §5.1 (or api.video's same-shaped answer), never cached.
import type { EngineContext } from './context.ts';
import { randomToken } from './context.ts';
import { json, noStore } from './http.ts';
import type { RefreshRecord } from './store.ts';
import { mintAccessToken, mintRefreshToken, type Grantee } from './tokens.ts';

export interface IssueOptions {
  /** Mint a refresh token too, as the grant says. */
  refresh: boolean;
  origin: RefreshRecord['origin'];
}

export async function issueTokens(ctx: EngineContext, request: Request, g: Grantee, opts: IssueOptions): Promise<Response> {
  const familyId = g.familyId ?? randomToken(12);
  const grantee = { ...g, familyId };
  const [access, refresh] = await Promise.all([
    mintAccessToken(ctx, request, grantee),
    opts.refresh ? mintRefreshToken(ctx, grantee, opts.origin) : undefined,
  ]);
  const body: Record<string, unknown> = { access_token: access.token, token_type: 'Bearer' };
  if (access.record.exp !== null) body.expires_in = access.record.exp - access.record.iat;
  if (refresh) body.refresh_token = refresh.token;
  if (ctx.profile.scopes.supported.length && g.scope.length) body.scope = g.scope.join(' ');
  return json(200, body, { ...noStore });
}
