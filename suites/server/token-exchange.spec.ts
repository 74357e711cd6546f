// RFC 8693, token exchange: the answer to a correct exchange (§2.2.1), the refusals of broken ones
// (§2.2.2), and delegation's act claim (§4.1).
import { check, expect } from '../fixtures.ts';
import { tokenTypes } from '../../lib/resolved-profile.ts';
import { accessTokenType, correctExchange, exchange, jwtClaims } from '../token-exchange.ts';
import { expectGrantError, expectSchema, introspect, obtainToken, show } from '../support.ts';

const exchanges = ['grant:token_exchange', 'client', 'token'] as const;

check('token-exchange.success', { requires: [...exchanges] }, async (c) => {
  const { reply } = await correctExchange(c, c.given.grant.token_exchange, true);
  expect(reply.status, `status of a correct token exchange: ${show(reply)}`).toBe(200);
  expect(reply.headers['content-type'] ?? '', 'content type').toMatch(/^application\/json\b/i);
  expectSchema(reply.body, 'token-exchange-response', 'token exchange response');
});

check('token-exchange.subject-token-type-required', { requires: [...exchanges] }, async (c) => {
  const g = c.given.grant.token_exchange;
  const { subject } = await correctExchange(c, g);
  expectGrantError(c.target, g, await exchange(c, g, { subject_token: subject }, 'token exchange without subject_token_type'), 'invalid_request');
});

check('token-exchange.invalid-subject-token', { requires: [...exchanges] }, async (c) => {
  const g = c.given.grant.token_exchange;
  await correctExchange(c, g);
  const reply = await exchange(c, g, { subject_token: 'oauth-conformance-not-a-token', subject_token_type: accessTokenType(c) }, 'token exchange of a token never issued');
  expectGrantError(c.target, g, reply, 'invalid_request');
});

check('token-exchange.actor-token-type-required', { requires: [...exchanges] }, async (c) => {
  const g = c.given.grant.token_exchange;
  const { subject } = await correctExchange(c, g);
  const actor = (await obtainToken(c)).accessToken;
  const reply = await exchange(c, g, { subject_token: subject, subject_token_type: accessTokenType(c), actor_token: actor }, 'token exchange with actor_token but no actor_token_type');
  expectGrantError(c.target, g, reply, 'invalid_request');
});

check('token-exchange.invalid-target', { requires: [...exchanges] }, async (c) => {
  const g = c.given.grant.token_exchange;
  const { subject } = await correctExchange(c, g);
  const reply = await exchange(c, g, { subject_token: subject, subject_token_type: accessTokenType(c), audience: 'https://oauth-conformance.invalid/never-a-target' }, 'token exchange for an audience nobody serves');
  expectGrantError(c.target, g, reply, 'invalid_target');
});

check('token-exchange.delegation-act', { requires: [...exchanges] }, async (c) => {
  const g = c.given.grant.token_exchange;
  const actorTypes = c.target.profile.tokenExchange?.actorTokenTypes ?? [tokenTypes.access_token];
  if (!actorTypes.includes(tokenTypes.access_token)) c.notApplicable('the profile’s token exchange takes no access token as actor_token (no delegation)');
  const { subject } = await correctExchange(c, g);
  const actor = (await obtainToken(c)).accessToken;
  const reply = await exchange(c, g, { subject_token: subject, subject_token_type: accessTokenType(c), actor_token: actor, actor_token_type: tokenTypes.access_token }, 'token exchange with an actor (delegation)');
  if (reply.status !== 200 || typeof reply.body?.access_token !== 'string') c.notJudged(`the server refused the delegation request (${reply.status} ${show(reply)}); it may not delegate for this client`);
  const issued = String(reply.body?.access_token);
  const claims = jwtClaims(issued);
  let act = claims?.act;
  // An opaque token (or a JWT without act) may still say it in its introspection (§4.1 applies there too).
  if (act === undefined && c.target.profile.endpoints.introspect) {
    const described = await introspect(c, issued, [c.given.client.id, c.given.client.secret], 'introspect the delegated token');
    if (described.status === 200 && described.body?.active === true) act = described.body.act;
    else if (!claims) c.notJudged(`the delegated token is opaque and its introspection did not describe it (${described.status} ${show(described)})`);
  } else if (act === undefined && !claims) {
    c.notJudged('the delegated token is opaque and the profile has no introspection endpoint to read its act claim from');
  }
  expect(act !== null && typeof act === 'object', `act claim of the delegated token (an object naming the actor): ${JSON.stringify(act)}`).toBe(true);
  expect(typeof (act as Record<string, unknown>).sub === 'string', 'act.sub, the actor').toBe(true);
});
