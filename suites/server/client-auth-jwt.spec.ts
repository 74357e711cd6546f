// private_key_jwt (RFC 7523 §2.2, OpenID Connect Core §9): client_credentials with the client
// authenticated by a JWT it signed with its own key; each assertion §3 refuses is invalid_client (§3.2).
import { check, expect, type CheckContext } from '../fixtures.ts';
import { signAssertion, type AssertionShape } from '../jwt-bearer.ts';
import type { ResolvedGrant } from '../../lib/resolved-profile.ts';
import { endpointUrl, expectGrantError, expectSchema, grantSend, requestScope, show, successSchema } from '../support.ts';
import { assertionAudience, newProofKey, signProof, withAssertionAudience, withProof } from '../dpop.ts';
import type { Reply } from '../http.ts';

const jwtAuth = ['auth:private_key_jwt', 'grant:client_credentials', 'jwt-client'] as const;
const assertionType = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** A client_credentials request authenticated only by a client assertion (no secret, no Basic). */
async function authenticated(c: CheckContext, g: ResolvedGrant, client: { id: string; key: string }, shape: AssertionShape, label: string, assertion?: string): Promise<{ reply: Reply; assertion: string }> {
  const url = endpointUrl(c.target, g.endpoint);
  const attempt = async (aud: string) => {
    let signed = assertion;
    const scope = requestScope(c.target, 'client_credentials');
    // Each request carries an assertion of its own (its jti is used once), unless the check replays one.
    const send = async (proof?: string) => {
      if (assertion === undefined) signed = await signAssertion(c, { issuer: client.id, subject: client.id, key: client.key }, { aud, ...shape });
      return c.http.send('POST', url, { ...grantSend(c.target, g, { client_assertion_type: assertionType, client_assertion: signed!, ...(scope ? { [g.fields.scope]: scope } : {}) }, 'none'), ...(proof ? { headers: { dpop: proof } } : {}) }, label);
    };
    // A server with DPoP gets a proof with every token request (RFC 9449 §5): some issue bound tokens only
    // (FAPI 2.0), or to this client only (dpop_bound_access_tokens, §5.2), which a drafted profile cannot know.
    const dpop = c.target.profile.dpop;
    if (!dpop) return { reply: await send(), assertion: signed! };
    const key = await newProofKey(dpop.algs);
    const reply = await withProof(key, send, () => signProof(key, 'POST', url));
    return { reply, assertion: signed! };
  };
  // A valid assertion may name either value that identifies the server; a broken one names the one it takes.
  return assertion === undefined && Object.keys(shape).length === 0 ? withAssertionAudience(c, url, attempt) : attempt(assertionAudience(c, url));
}

/** A correct assertion works: otherwise a refusal of a broken one says nothing. */
async function accepted(c: CheckContext, g: ResolvedGrant, client: { id: string; key: string }): Promise<void> {
  const { reply } = await authenticated(c, g, client, {}, 'client_credentials with a valid client assertion');
  if (reply.status !== 200) c.notJudged(`the server refused a valid client assertion of ${client.id} (${reply.status} ${show(reply)}), so a refusal of a broken one says nothing (judged by client-auth.private-key-jwt.success)`, 'jwt-client');
}

check('client-auth.private-key-jwt.success', { requires: [...jwtAuth] }, async (c) => {
  const { reply } = await authenticated(c, c.given.grant.client_credentials, c.given.jwtClient, {}, 'client_credentials with a valid client assertion');
  expect(reply.status, `status for a valid client assertion of ${c.given.jwtClient.id}: ${show(reply)}`).toBe(200);
  expectSchema(reply.body, successSchema(c.target), 'token response');
});

for (const [id, shape, label] of [
  ['client-auth.private-key-jwt.wrong-audience', { aud: 'https://oauth-conformance.invalid/another-server' }, 'a client assertion for another audience'],
  ['client-auth.private-key-jwt.expired', { exp: -600 }, 'a client assertion expired 10 minutes ago'],
  ['client-auth.private-key-jwt.bad-signature', { foreignKey: true }, 'a client assertion signed with another key'],
] as const) {
  check(id, { requires: [...jwtAuth] }, async (c) => {
    const g = c.given.grant.client_credentials;
    await accepted(c, g, c.given.jwtClient);
    const { reply } = await authenticated(c, g, c.given.jwtClient, shape, label);
    expectGrantError(c.target, g, reply, 'invalid_client', [400, 401]);
  });
}

check('client-auth.private-key-jwt.replay', { requires: [...jwtAuth] }, async (c) => {
  const g = c.given.grant.client_credentials;
  const first = await authenticated(c, g, c.given.jwtClient, {}, 'a client assertion, first use');
  if (first.reply.status !== 200) c.notJudged(`the server refused the assertion’s first use (${first.reply.status} ${show(first.reply)}; judged by client-auth.private-key-jwt.success)`, 'jwt-client');
  const again = await authenticated(c, g, c.given.jwtClient, {}, 'the same client assertion again', first.assertion);
  expectGrantError(c.target, g, again.reply, 'invalid_client', [400, 401]);
});
