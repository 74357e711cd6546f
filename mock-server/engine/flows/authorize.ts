// RFC 6749 §4.1.1-4.1.2 with RFC 7636 and RFC 9700: the authorization endpoint, its login and
// consent pages. redirect_uri is matched exactly; a bad client or redirect_uri is shown as an error
// page and never redirected to; every later error goes back to the client as §4.1.2.1 says.
// With an OpenID Connect profile and `openid` in scope it is also the authentication endpoint of
// Core 1.0 §3.1.2: nonce, prompt and max_age, and a login session (session.ts) behind them.
import type { Client } from '../../../generated/types/index.ts';
import { secretsEqual } from '../clients/client-auth.ts';
import type { PendingAuthorization } from '../../store/store.ts';
import type { EngineContext } from '../core/context.ts';
import { findClient } from '../clients/client-metadata.ts';
import { findUser, randomToken } from '../core/context.ts';
import { empty, type Reply } from '../core/call.ts';
import type { FlowInput } from '../core/flow-input.ts';
import { clientName, consentPage, errorPage, loginLabels, loginPage } from '../core/pages.ts';
import { requestTerms, trustedRedirect } from './authorization-request.ts';
import { pushedRequest } from './pushed-authorization.ts';
import { readSession, sealSession, sessionLifetime, sessionSetCookie, withSessionCookie, type LoginSession } from '../core/session.ts';
import { defect } from '../core/defects.ts';
import { asciiDescription } from '../core/oauth-error.ts';

const pendingLifetime = 600;

/** A sign-in in progress (kept in the store, so a reset forgets it and any instance can finish it). */
async function findPending(ctx: EngineContext, id: string): Promise<PendingAuthorization | undefined> {
  const p = id ? await ctx.store.pending(id) : undefined;
  return p && p.exp >= ctx.clock.nowSeconds() ? p : undefined;
}

/** The route gives the query's parameters for GET and the form's for POST (a request that cannot be parsed is a page). */
export async function authorize(ctx: EngineContext, input: FlowInput): Promise<Reply> {
  if (input.request.method === 'GET') return start(ctx, input);
  // RFC 6749 §3.1 allows POST, and OpenID Connect Core §3.1.2.1 requires it: a form without the
  // sign-in's `pending` id is an authorization request (its parameters form-encoded in the body).
  const form = input.params;
  if (!form.has('pending')) {
    if (defect(ctx, 'authorize-get-only')) return errorPage('invalid_request', 'send the authorization request with GET');
    return start(ctx, input);
  }
  const pending = await findPending(ctx, form.get('pending') ?? '');
  const client = pending && (await findClient(ctx, pending.clientId).catch(() => undefined));
  if (!pending || !client) return errorPage('invalid_request', 'this sign-in has expired or is unknown; start again from the application');
  if (form.get('step') === 'login') return login(ctx, input, pending, client);
  if (form.get('step') === 'consent' && pending.user) return consent(ctx, input, pending, client);
  return errorPage('invalid_request', 'unexpected form step');
}

async function start(ctx: EngineContext, input: FlowInput): Promise<Reply> {
  const clientId = input.params.get('client_id');
  let client: Client | undefined;
  try {
    client = clientId === undefined ? undefined : await findClient(ctx, clientId);
  } catch (e) {
    // A client metadata document that cannot be used: the client is not trusted, so nothing redirects.
    return errorPage('invalid_request', (e as Error).message);
  }
  if (!client) return errorPage('invalid_request', clientId === undefined ? 'client_id is required' : 'unknown client_id');
  let params = input.params;
  let pushed = false;
  if (params.has('request_uri')) {
    // RFC 9126 §4: the request the client pushed, once, and only for the client that pushed it.
    const expanded = await pushedRequest(ctx, params.get('request_uri')!, client.clientId);
    if (typeof expanded === 'string') return errorPage('invalid_request', expanded);
    params = expanded;
    pushed = true;
    // Only the par-any-client defect lets another client's request through: it goes on as the pusher's.
    const pusher = expanded.get('client_id');
    if (pusher !== undefined && pusher !== client.clientId) client = (await findClient(ctx, pusher)) ?? client;
  }
  const trusted = trustedRedirect(ctx, client, params);
  if (typeof trusted === 'string') return errorPage('invalid_request', trusted);
  const { redirectUri, sent } = trusted;
  const state = params.get('state');
  const errorState = defect(ctx, 'state-dropped-on-error') ? undefined : state;
  const fail = (error: string, description: string) => redirectError(redirectUri, error, description, errorState, issFor(ctx, input));
  // RFC 9126 §5 require_pushed_authorization_requests (FAPI 2.0 §5.3.1.2): a request not pushed is refused.
  if (!pushed && ctx.profile.par?.required && !defect(ctx, 'par-not-required')) return fail('invalid_request', 'this server takes pushed authorization requests only: POST the request to its pushed_authorization_request_endpoint first (RFC 9126 §5)');
  const terms = requestTerms(ctx, input.issuer, client, params);
  if ('problem' in terms) return fail(terms.problem.error, terms.problem.description);
  const { scope, challenge, challengeMethod, resource, dpopJkt } = terms.ok;
  const pending: PendingAuthorization = {
    ...(resource ? { resource } : {}),
    ...(dpopJkt ? { dpopJkt } : {}),
    id: randomToken(18),
    clientId: client.clientId,
    redirectUri,
    redirectUriSent: sent,
    state,
    scope,
    challenge,
    challengeMethod,
    exp: ctx.clock.nowSeconds() + pendingLifetime,
  };
  if (!ctx.profile.oidc || !scope.includes('openid')) {
    await ctx.store.putPending(pending);
    return loginPage(input.request.path, pending.id, clientName(client), loginLabels(ctx));
  }
  // Core 1.0 §3.1.2.1: prompt is a space-separated list; none may not be combined with another value.
  const prompt = (params.get('prompt') ?? '').split(' ').filter(Boolean);
  const unknown = prompt.filter((v) => !['none', 'login', 'consent', 'select_account'].includes(v));
  if (unknown.length) return fail('invalid_request', `unsupported prompt value ${unknown.join(' ')}`);
  if (prompt.includes('none') && prompt.length > 1) return fail('invalid_request', 'prompt=none cannot be combined with other values');
  const maxAgeText = params.get('max_age');
  if (maxAgeText !== undefined && !/^\d{1,10}$/.test(maxAgeText)) return fail('invalid_request', 'max_age must be a non-negative integer of seconds');
  Object.assign(pending, { oidc: true, nonce: params.get('nonce'), maxAge: maxAgeText === undefined ? undefined : Number(maxAgeText), promptConsent: prompt.includes('consent') });
  const session = await readSession(ctx, input.request.cookies);
  // §3.1.2.1 max_age: an older authentication must be done again; prompt=login always asks.
  const current = session && (!prompt.includes('login') || defect(ctx, 'prompt-login-ignored')) && (pending.maxAge === undefined || ctx.clock.nowSeconds() - session.authTime <= pending.maxAge) ? session : undefined;
  const consented = current !== undefined && !prompt.includes('consent') && (ctx.profile.authorization?.consent === false || current.consented.includes(client.clientId));
  if (prompt.includes('none') && !defect(ctx, 'prompt-none-ignored')) {
    // §3.1.2.6: no page may be shown; what would need one is an error back to the client.
    if (!current) return fail('login_required', session ? 'the login session is older than max_age' : 'no login session');
    if (!consented) return fail('consent_required', 'the user has not consented to this client in this session');
  }
  if (!current) {
    await ctx.store.putPending(pending);
    return loginPage(input.request.path, pending.id, clientName(client), loginLabels(ctx));
  }
  pending.user = current.username;
  pending.authTime = current.authTime;
  if (consented) return grant(ctx, input, pending, client);
  await ctx.store.putPending(pending);
  return consentPage(input.request.path, pending.id, clientName(client), current.username, pending.scope);
}

async function login(ctx: EngineContext, input: FlowInput, pending: PendingAuthorization, client: Client): Promise<Reply> {
  const form = input.params;
  const l = loginLabels(ctx);
  const username = form.get(l.usernameField) ?? '';
  const password = form.get(l.passwordField) ?? '';
  const user = await findUser(ctx, username);
  const ok = secretsEqual(password, user?.password ?? '\u0000no-such-user');
  if (!user || !ok) return loginPage(input.request.path, pending.id, clientName(client), l, 'Wrong user name or password.');
  pending.user = user.username;
  pending.authTime = ctx.clock.nowSeconds();
  await ctx.store.putPending(pending);
  // A new login of the same user keeps the consents given in the session it replaces.
  const previous = pending.oidc ? await readSession(ctx, input.request.cookies) : undefined;
  const consented = previous?.username === user.username ? previous.consented : [];
  const cookie = pending.oidc ? await newSession(ctx, input, { username: user.username, authTime: pending.authTime, consented }) : undefined;
  // A profile without a consent step: the login itself grants (the server's own policy, RFC 6749 §4.1.1);
  // so does a consent this session already holds.
  const hasConsent = ctx.profile.authorization?.consent === false || (consented.includes(client.clientId) && !pending.promptConsent);
  if (hasConsent) return withSessionCookie(await grant(ctx, input, pending, client), cookie);
  return withSessionCookie(consentPage(input.request.path, pending.id, clientName(client), user.username, pending.scope), cookie);
}

/** A login session for a user who just authenticated (or one more consented client): its Set-Cookie. */
async function newSession(ctx: EngineContext, input: FlowInput, s: Omit<LoginSession, 'value' | 'exp'>): Promise<string> {
  const exp = ctx.clock.nowSeconds() + sessionLifetime(ctx);
  return sessionSetCookie(ctx, input.issuer, await sealSession(ctx, { ...s, exp }), exp);
}

async function consent(ctx: EngineContext, input: FlowInput, pending: PendingAuthorization, client: Client): Promise<Reply> {
  const form = input.params;
  await ctx.store.deletePending(pending.id);
  if (form.get('decision') !== 'allow') return redirectError(pending.redirectUri, 'access_denied', 'the user denied access', defect(ctx, 'state-dropped-on-error') ? undefined : pending.state, issFor(ctx, input));
  // The session remembers the consent, so a later prompt=none for this client needs no page.
  const session = pending.oidc ? await readSession(ctx, input.request.cookies) : undefined;
  const cookie = session && session.username === pending.user && !session.consented.includes(client.clientId) ? await newSession(ctx, input, { username: session.username, authTime: session.authTime, consented: [...session.consented, client.clientId] }) : undefined;
  return withSessionCookie(await grant(ctx, input, pending, client), cookie);
}

async function grant(ctx: EngineContext, input: FlowInput, pending: PendingAuthorization, client: Client): Promise<Reply> {
  await ctx.store.deletePending(pending.id);
  const code = randomToken(24);
  await ctx.store.putCode({
    code,
    clientId: client.clientId,
    redirectUri: pending.redirectUriSent ? pending.redirectUri : undefined,
    scope: pending.scope,
    sub: pending.user!,
    username: pending.user!,
    challenge: pending.challenge,
    challengeMethod: pending.challengeMethod,
    exp: ctx.clock.nowSeconds() + ctx.codeLifetime,
    familyId: randomToken(12),
    ...(pending.resource ? { resource: pending.resource } : {}),
    ...(pending.dpopJkt ? { dpopJkt: pending.dpopJkt } : {}),
    ...(pending.oidc ? { authTime: pending.authTime, ...(pending.nonce === undefined ? {} : { nonce: pending.nonce }) } : {}),
  });
  const target = new URL(pending.redirectUri);
  target.searchParams.set('code', code);
  if (pending.state !== undefined && !defect(ctx, 'state-dropped')) target.searchParams.set('state', pending.state);
  const named = issFor(ctx, input);
  if (named) target.searchParams.set('iss', named);
  return redirect(target);
}

/** RFC 9207 §2: the issuer on every authorization response, success and error alike (metadata says so). */
function issFor(ctx: EngineContext, input: FlowInput): string | undefined {
  return defect(ctx, 'authorization-response-without-iss') ? undefined : input.issuer;
}

function redirectError(redirectUri: string, error: string, description: string, state: string | undefined, iss: string | undefined): Reply {
  const target = new URL(redirectUri);
  target.searchParams.set('error', error);
  // RFC 6749 §4.1.2.1: error_description is ASCII of the same set as a token error's.
  target.searchParams.set('error_description', asciiDescription(description));
  if (state !== undefined) target.searchParams.set('state', state);
  if (iss) target.searchParams.set('iss', iss);
  return redirect(target);
}

function redirect(target: URL): Reply {
  // 303: the browser follows with GET whatever method reached us (RFC 9700 §4.12).
  return empty(303, { location: target.href, 'cache-control': 'no-store' });
}
