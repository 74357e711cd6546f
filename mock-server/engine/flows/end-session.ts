// OpenID Connect RP-Initiated Logout 1.0: the end_session endpoint. It ends the login session
// (session.ts) and sends the browser back only to a post_logout_redirect_uri registered for the
// client (§3, exact match); anything it cannot trust is shown as a page, never redirected to.
import { jwtVerify } from 'jose';
import type { Client } from '../../../generated/types/index.ts';
import { empty, type Reply } from '../core/call.ts';
import { findClient } from '../clients/client-metadata.ts';
import type { EngineContext } from '../core/context.ts';
import type { FlowInput } from '../core/flow-input.ts';
import { errorPage, logoutConfirmPage, signedOutPage } from '../core/pages.ts';
import { endSession, readSession, sessionSetCookie, withSessionCookie } from '../core/session.ts';
import { defect } from '../core/defects.ts';

const fields = ['id_token_hint', 'logout_hint', 'client_id', 'post_logout_redirect_uri', 'state', 'ui_locales'];

/** §2: GET (query) and POST (form) are both supported; the route reads either (a request that cannot be parsed is a page). */
export async function endSessionEndpoint(ctx: EngineContext, { params, issuer, request }: FlowInput): Promise<Reply> {
  const hintText = params.get('id_token_hint');
  // §2: "the OP MUST validate that it was the issuer of the ID Token"; an expired one still identifies.
  const hint = hintText === undefined ? undefined : await readIdTokenHint(ctx, issuer, hintText);
  if (hintText !== undefined && !hint) return errorPage('invalid_request', 'id_token_hint is not an ID Token this provider issued');
  const clientId = params.get('client_id');
  if (hint && clientId !== undefined && !hint.aud.includes(clientId)) return errorPage('invalid_request', 'client_id is not an audience of id_token_hint');
  const client = await findLogoutClient(ctx, clientId ?? (hint?.aud.length === 1 ? hint.aud[0] : undefined));
  if (clientId !== undefined && !client) return errorPage('invalid_request', 'unknown client_id');
  const target = params.get('post_logout_redirect_uri');
  if (target !== undefined) {
    // §3: without an id_token_hint or client_id there is no client whose registration could vouch for it.
    if (!client) return errorPage('invalid_request', 'post_logout_redirect_uri needs id_token_hint or client_id to check it against');
    if (!(client.postLogoutRedirectUris ?? []).includes(target) && !defect(ctx, 'logout-open-redirect')) return errorPage('invalid_request', 'post_logout_redirect_uri is not registered for this client (exact match required)');
  }
  const session = await readSession(ctx, request.cookies);
  // §2: the OP SHOULD ask the user; an ID Token for the session's own user is taken as the RP speaking for them.
  const vouched = hint !== undefined && (!session || session.username === hint.sub);
  if (!vouched && (request.method === 'GET' || params.get('confirm') !== 'yes')) {
    const keep = Object.fromEntries(fields.flatMap((f) => (params.get(f) === undefined ? [] : [[f, params.get(f)!]])));
    return logoutConfirmPage(request.path, keep);
  }
  if (session) await endSession(ctx, session);
  const cleared = sessionSetCookie(ctx, issuer, undefined);
  if (target === undefined) return withSessionCookie(signedOutPage(), cleared);
  const back = new URL(target);
  const state = params.get('state');
  if (state !== undefined) back.searchParams.set('state', state);
  return empty(303, { location: back.href, 'cache-control': 'no-store', 'set-cookie': cleared });
}

async function findLogoutClient(ctx: EngineContext, clientId: string | undefined): Promise<Client | undefined> {
  return clientId === undefined ? undefined : findClient(ctx, clientId).catch(() => undefined);
}

async function readIdTokenHint(ctx: EngineContext, issuer: string, token: string): Promise<{ sub: string; aud: string[] } | undefined> {
  try {
    const key = await ctx.key();
    const { payload } = await jwtVerify(token, key.publicKey, { algorithms: [key.alg], issuer, currentDate: new Date(0) });
    if (typeof payload.sub !== 'string' || payload.at_hash === undefined) return undefined;
    const aud = Array.isArray(payload.aud) ? payload.aud : typeof payload.aud === 'string' ? [payload.aud] : [];
    return { sub: payload.sub, aud };
  } catch {
    return undefined;
  }
}
