// RFC 8693: token exchange. A client presents a token of a subject (and, for delegation, one of an
// actor) and gets a new token for them, usually for another audience: a gateway trading a user's token
// for one a backend accepts, a service acting on a user's behalf (`act`, §4.1).
import { tokenTypes, type TokenTypeUri } from '../../../lib/resolved-profile.ts';
import { canonical } from '../../../lib/resource-uri.ts';
import { isConfidential } from '../clients/client-auth.ts';
import type { Reply } from '../core/call.ts';
import type { EngineContext } from '../core/context.ts';
import { defect } from '../core/defects.ts';
import type { GrantInput } from '../core/flow-input.ts';
import { OAuthError, invalidRequest, invalidScope, unauthorizedClient } from '../core/oauth-error.ts';
import { parseScope } from '../core/scopes.ts';
import { defaultAudience, invalidTarget, knownResources, resourcesOf } from '../tokens/resource-indicators.ts';
import { issueTokens } from '../tokens/token-response.ts';
import { readToken, verifyAccessToken, type TokenClaims } from '../tokens/tokens.ts';

/** A party of the exchange as its token shows it. */
interface Party {
  sub: string;
  username: string | undefined;
  clientId: string | undefined;
  scope: string[];
  act: Record<string, unknown> | undefined;
  mayAct: Record<string, unknown> | undefined;
}

export async function tokenExchange(ctx: EngineContext, input: GrantInput): Promise<Reply> {
  const { params, client, grant, issuer } = input;
  const te = ctx.profile.tokenExchange!;
  // §5: the server should know who asks; a public client could trade any token it finds.
  if (!isConfidential(client)) throw unauthorizedClient('token exchange needs a confidential client (RFC 8693 §5)');
  const subjectToken = params.get('subject_token');
  const subjectType = params.get('subject_token_type');
  // §2.1: both REQUIRED; §2.2.2: a request that is not valid is invalid_request.
  if (!subjectToken) throw invalidRequest('subject_token is required (RFC 8693 §2.1)');
  if (!subjectType && !defect(ctx, 'token-exchange-type-optional')) throw invalidRequest('subject_token_type is required (RFC 8693 §2.1)');
  const actorToken = params.get('actor_token');
  const actorType = params.get('actor_token_type');
  // §2.1: actor_token_type "is REQUIRED when the actor_token parameter is present in the request but MUST NOT be included otherwise".
  if (actorToken && !actorType) throw invalidRequest('actor_token_type is required with actor_token (RFC 8693 §2.1)');
  if (!actorToken && actorType) throw invalidRequest('actor_token_type must not be sent without actor_token (RFC 8693 §2.1)');
  const requested = params.get('requested_token_type');
  if (requested !== undefined && requested !== tokenTypes.access_token && !(requested === tokenTypes.jwt && ctx.profile.accessToken.format === 'jwt')) {
    throw invalidRequest(`this server issues no ${requested.slice(0, 80)} (requested_token_type); it issues ${tokenTypes.access_token}`);
  }

  const subject = await party(ctx, issuer, client.clientId, subjectToken, subjectType ?? tokenTypes.access_token, te.subjectTokenTypes, 'subject_token');
  const actor = actorToken ? await party(ctx, issuer, client.clientId, actorToken, actorType!, te.actorTokenTypes, 'actor_token') : undefined;
  // §4.4: a subject token naming who may act for it admits no other actor.
  if (actor && subject.mayAct && !mayAct(subject.mayAct, actor, issuer)) throw invalidRequest('the subject token’s may_act does not name this actor (RFC 8693 §4.4)');

  // The new token holds at most what the subject's did, and what this client may hold.
  const asked = parseScope(params.get(grant.fields.scope));
  const held = client.scopes ? subject.scope.filter((s) => client.scopes!.includes(s)) : subject.scope;
  const excess = (asked ?? []).filter((s) => !held.includes(s));
  if (excess.length) throw invalidScope(`the subject token does not hold ${excess.join(' ')}; an exchange cannot widen scope`);
  const scope = asked?.length ? asked : held;

  const audience = targets(ctx, issuer, [...resourcesOf(params.get('audience')), ...resourcesOf(params.get('resource'))]);
  // §4.1: the current actor outermost, the earlier chain (the subject token's own act) nested in it.
  const act = actor ? { sub: actor.sub, ...(actor.clientId && actor.clientId !== actor.sub ? { client_id: actor.clientId } : {}), ...(subject.act ? { act: subject.act } : {}) } : subject.act;
  return issueTokens(
    ctx,
    input,
    { clientId: client.clientId, sub: subject.sub, username: subject.username, scope, familyId: undefined, extraClaims: { ...client.claims, ...(act && !defect(ctx, 'token-exchange-act-dropped') ? { act } : {}) }, ...(audience ? { audience } : {}) },
    { refresh: false, origin: 'client', issuedTokenType: requested ?? tokenTypes.access_token },
  );
}

/** A subject or actor token, checked as its type says: ours, valid now, and of a type the profile takes. */
async function party(ctx: EngineContext, issuer: string, clientId: string, token: string, type: string, accepted: TokenTypeUri[], name: string): Promise<Party> {
  const refuse = (why: string) => {
    // §2.2.2 names invalid_request; the defect answers as if it were a grant (a common slip).
    if (defect(ctx, 'token-exchange-invalid-subject-grant')) return new OAuthError('invalid_grant', `${name}: ${why}`);
    return invalidRequest(`${name}: ${why} (RFC 8693 §2.2.2)`);
  };
  if (!(accepted as string[]).includes(type)) throw refuse(`${type.slice(0, 80)} is not a token type this server accepts here (${accepted.join(', ')})`);
  const claims = await readToken(ctx, token);
  if (!claims) throw refuse('not a token this server issued');
  if (claims.kind === 'refresh') throw refuse('a refresh token is not accepted');
  if (claims.kind === 'id') {
    if (type === tokenTypes.access_token) throw refuse('an ID Token is not an access token');
    if (claims.exp !== null && claims.exp <= ctx.clock.nowSeconds()) throw refuse('the ID Token has expired');
    // An ID Token is for its client (OpenID Connect Core §2): another client may not trade it.
    if (!claims.audience?.includes(clientId)) throw refuse('the ID Token was issued to another client');
    return fromClaims(claims);
  }
  if (type === tokenTypes.id_token) throw refuse('not an ID Token');
  if (type === tokenTypes.jwt && token.split('.').length !== 3) throw refuse('not a JWT');
  try {
    // Expiry and revocation as a resource would judge them, whichever of our audiences it names.
    return fromClaims({ ...(await verifyAccessToken(ctx, issuer, token, 'any')), kind: 'access', gen: 0 });
  } catch (e) {
    if (e instanceof OAuthError) throw refuse(e.message);
    throw e;
  }
}

function fromClaims(c: TokenClaims): Party {
  return { sub: c.sub, username: c.username, clientId: c.clientId, scope: c.scope, act: c.act, mayAct: c.mayAct };
}

/** §4.4: may_act names the party by its claims (sub, and iss where it says so); each one named must match. */
function mayAct(m: Record<string, unknown>, actor: Party, issuer: string): boolean {
  if (typeof m.sub === 'string' && m.sub !== actor.sub) return false;
  if (typeof m.iss === 'string' && m.iss !== issuer) return false;
  if (typeof m.client_id === 'string' && m.client_id !== actor.clientId) return false;
  return typeof m.sub === 'string' || typeof m.client_id === 'string';
}

/**
 * §2.1 `audience` and `resource`: each must be one this server mints for, else invalid_target
 * (§2.2.2). None asked: the default audience. Undefined when none was asked.
 */
function targets(ctx: EngineContext, issuer: string, asked: string[]): string[] | undefined {
  if (!asked.length || defect(ctx, 'token-exchange-any-audience')) return asked.length ? asked : undefined;
  // Besides what RFC 8707 knows: the default audience and the audiences the profile's exchange mints for.
  const known = knownResources(ctx, issuer, [...defaultAudience(ctx, issuer), ...ctx.profile.tokenExchange!.audiences]);
  for (const a of asked) if (!known.has(canonical(a))) throw invalidTarget(`this server mints no tokens for ${a.slice(0, 200)} (RFC 8693 §2.2.2)`);
  return [...new Set(asked)];
}

