// RFC 8628: the device authorization grant. A device without a browser asks for a device code and a
// user code (§3.1–3.2); the user enters the code on the verification page on another screen, signs
// in and allows or denies (§3.3); the device polls the token endpoint until then (§3.4–3.5).
import type { Reply } from '../core/call.ts';
import { secretsEqual } from '../clients/client-auth.ts';
import { findUser, randomToken, type EngineContext } from '../core/context.ts';
import type { FlowInput, GrantInput } from '../core/flow-input.ts';
import { OAuthError, invalidGrant, invalidRequest, unauthorizedClient } from '../core/oauth-error.ts';
import { clientName, deviceDonePage, devicePage, errorPage, loginLabels } from '../core/pages.ts';
import { json, noStore } from '../core/params.ts';
import { allowance, grantScope, parseScope } from '../core/scopes.ts';
import { requestedResources, resourcesOf } from '../tokens/resource-indicators.ts';
import { issueTokens } from '../tokens/token-response.ts';
import { findClient } from '../clients/client-metadata.ts';
import { defect } from '../core/defects.ts';

// RFC 8628 §5.1 "It is therefore recommended that the server rate-limit user code attempts": 8 characters
// of base 20 are 34.5 bits; 20 guesses per 10 minutes per peer leave them out of reach.
const userCodeAttempts = 20;
const userCodeWindow = 600;

/** §3.1: the device's request; the client authenticates as at the token endpoint (or names itself, if public). */
export async function deviceAuthorization(ctx: EngineContext, { params, client, issuer }: FlowInput): Promise<Reply> {
  const d = ctx.profile.deviceAuthorization!;
  if (!client) throw invalidRequest('client_id is required (RFC 8628 §3.1)');
  if (client.grants && !client.grants.includes('device_code')) throw unauthorizedClient('client may not use the device_code grant');
  const scope = grantScope(ctx, parseScope(params.get('scope')), allowance(ctx, client));
  const resources = requestedResources(ctx, issuer, resourcesOf(params.get('resource')));
  const exp = ctx.clock.nowSeconds() + d.lifetime;
  const deviceCode = randomToken(32);
  // A drawn code that a live authorization already holds is drawn again (§6.1: codes are compared whole).
  let userCode = '';
  for (let tries = 0; tries < 8 && !userCode; tries++) {
    const candidate = drawUserCode(d.userCode.charset, d.userCode.length);
    if (await ctx.store.putDevice({ deviceCode, userCode: candidate, clientId: client.clientId, scope, exp, interval: d.interval, ...(resources ? { resources } : {}) })) userCode = candidate;
  }
  if (!userCode) throw new OAuthError('temporarily_unavailable', 'no free user code; try again', { status: 503 });
  const verificationUri = `${issuer}${d.verificationPath}`;
  const shown = grouped(userCode);
  return json(
    200,
    {
      device_code: deviceCode,
      user_code: shown,
      ...(defect(ctx, 'device-response-incomplete') ? {} : { verification_uri: verificationUri }),
      // §3.3.1: the page with the code filled in (for a QR code or a link), so the user need not type it.
      ...(d.verificationUriComplete ? { verification_uri_complete: `${verificationUri}?user_code=${encodeURIComponent(shown)}` } : {}),
      expires_in: d.lifetime,
      interval: d.interval,
    },
    noStore,
  );
}

/** §3.3: the verification page; GET shows the form (the code filled in from `user_code`), POST decides. */
export async function deviceVerification(ctx: EngineContext, { params, request }: FlowInput): Promise<Reply> {
  const d = ctx.profile.deviceAuthorization!;
  const action = `${ctx.profile.basePath}${d.verificationPath}`;
  const labels = loginLabels(ctx);
  const typed = params.get('user_code') ?? '';
  if (request.method === 'GET') return devicePage(action, typed ? grouped(normalise(typed)) : '', labels, Boolean(typed));
  const code = normalise(typed);
  const again = (error: string, status: number, headers?: Record<string, string>) => devicePage(action, typed, labels, false, error, status, headers);
  // §5.1: a user code is short, so guesses are limited: wrong codes are counted per peer, and past the
  // limit every code is refused until the window closes (a right one too, or guessing would go on).
  const attempts = `user-code|${request.peer ?? 'in-process'}`;
  const now = ctx.clock.nowSeconds();
  const tooMany = () => again(`Too many wrong codes. Wait ${Math.round(userCodeWindow / 60)} minutes, then try again.`, 429, { 'retry-after': String(userCodeWindow) });
  if ((await ctx.store.hit(attempts, userCodeWindow, now, 0)) >= userCodeAttempts) return tooMany();
  const record = code ? await ctx.store.deviceByUserCode(code, ctx.clock.now()) : undefined;
  if (!record) {
    if ((await ctx.store.hit(attempts, userCodeWindow, now)) >= userCodeAttempts) return tooMany();
    return again('That code is not valid or has expired. Check the code on your device.', 400);
  }
  if (record.decided) return again('That code has been used already. Start again on your device.', 400);
  const client = await findClient(ctx, record.clientId);
  if (!client) return errorPage('invalid_request', 'the device’s client is no longer registered');
  if (params.get('decision') === 'deny') {
    if (!defect(ctx, 'device-deny-ignored')) await ctx.store.decideDevice(record.deviceCode, 'denied', ctx.clock.now());
    return deviceDonePage(false, clientName(client));
  }
  const username = params.get(labels.usernameField) ?? '';
  const user = await findUser(ctx, username);
  // Compared against something even for unknown users, so timing does not tell which names exist.
  const ok = secretsEqual(params.get(labels.passwordField) ?? '', user?.password ?? '\u0000no-such-user');
  if (!user || !ok) return again('The user name or password is wrong.', 401);
  const decided = await ctx.store.decideDevice(record.deviceCode, { user: user.username, scope: record.scope, authTime: ctx.clock.nowSeconds() }, ctx.clock.now());
  if (!decided) return again('That code has been used already. Start again on your device.', 400);
  return deviceDonePage(true, clientName(client));
}

/** §3.4–3.5: the device polls with its device code; each answer but the first success is an error. */
export async function deviceCodeGrant(ctx: EngineContext, input: GrantInput): Promise<Reply> {
  const { params, client, grant } = input;
  const deviceCode = params.get('device_code');
  if (!deviceCode) throw invalidRequest('device_code is required (RFC 8628 §3.4)');
  if (!client) throw invalidRequest('client_id is required (RFC 8628 §3.4)');
  const poll = await ctx.store.pollDevice(deviceCode, client.clientId, ctx.clock.now());
  const pending = new OAuthError('authorization_pending', 'the user has not yet completed the verification page');
  switch (poll.state) {
    case 'unknown':
      if (defect(ctx, 'device-unknown-code-pending')) throw pending;
      throw invalidGrant('unknown device_code, or one issued to another client');
    case 'expired':
      if (defect(ctx, 'device-expiry-ignored')) throw pending;
      throw new OAuthError('expired_token', 'the device_code has expired; start a new device authorization (RFC 8628 §3.5)');
    case 'pending':
      if (defect(ctx, 'device-pending-invalid-grant')) throw invalidGrant('device_code not valid yet');
      throw pending;
    case 'slow_down':
      if (defect(ctx, 'device-no-slow-down')) throw pending;
      throw new OAuthError('slow_down', `polling too fast: wait ${poll.interval} s between requests (RFC 8628 §3.5)`);
    case 'denied':
      throw new OAuthError('access_denied', 'the user denied the authorization request');
    case 'approved': {
      if (!poll.first && !defect(ctx, 'device-code-reusable')) throw invalidGrant('the device_code has been redeemed already');
      const user = await findUser(ctx, poll.decision.user);
      const { record, decision } = poll;
      return issueTokens(
        ctx,
        input,
        { clientId: client.clientId, sub: decision.user, username: decision.user, scope: decision.scope, familyId: undefined, extraClaims: { ...client.claims, ...user?.claims }, ...(record.resources ? { audience: record.resources } : {}) },
        { refresh: grant.issuesRefreshToken, origin: 'device', authentication: { authTime: decision.authTime, nonce: undefined } },
      );
    }
  }
}

/** §6.1: upper case, without the dashes and spaces people type or the page shows. */
function normalise(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '').slice(0, 64);
}

/** Shown in groups of four (BCDF-GHJK), easier to read and type (§6.1). */
function grouped(code: string): string {
  return code.replace(/(.{4})(?=.)/g, '$1-');
}

/** Uniform over the charset: bytes at or above the largest multiple of its size are drawn again. */
function drawUserCode(charset: string, length: number): string {
  const limit = 256 - (256 % charset.length);
  let out = '';
  while (out.length < length) {
    const bytes = new Uint8Array(length * 2);
    crypto.getRandomValues(bytes);
    for (const b of bytes) if (b < limit && out.length < length) out += charset[b % charset.length];
  }
  return out;
}
