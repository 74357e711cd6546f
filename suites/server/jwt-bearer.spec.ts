// RFC 7523 §2.1, JWT assertions as authorization grants: a valid one is taken (§2.1), and each broken
// one §3 names is refused with invalid_grant (§3.1).
import { check, expect } from '../fixtures.ts';
import { presentAssertion, signAssertion, trusted } from '../jwt-bearer.ts';
import { expectGrantError, expectSchema, show, successSchema } from '../support.ts';

const bearer = ['grant:jwt_bearer', 'assertion', 'client-auth'] as const;

check('jwt-bearer.success', { requires: [...bearer] }, async (c) => {
  const reply = await presentAssertion(c, c.given.grant.jwt_bearer, await signAssertion(c, c.given.assertion), 'a valid assertion');
  expect(reply.status, `status for a valid assertion of ${c.given.assertion.issuer}: ${show(reply)}`).toBe(200);
  expectSchema(reply.body, successSchema(c.target), 'jwt-bearer token response');
});

check('jwt-bearer.wrong-audience', { requires: [...bearer] }, async (c) => {
  const g = c.given.grant.jwt_bearer;
  await trusted(c, g, c.given.assertion);
  const reply = await presentAssertion(c, g, await signAssertion(c, c.given.assertion, { aud: 'https://oauth-conformance.invalid/another-server' }), 'an assertion for another audience');
  expectGrantError(c.target, g, reply, 'invalid_grant');
});

check('jwt-bearer.expired', { requires: [...bearer] }, async (c) => {
  const g = c.given.grant.jwt_bearer;
  await trusted(c, g, c.given.assertion);
  const reply = await presentAssertion(c, g, await signAssertion(c, c.given.assertion, { exp: -600 }), 'an assertion expired 10 minutes ago');
  expectGrantError(c.target, g, reply, 'invalid_grant');
});

check('jwt-bearer.bad-signature', { requires: [...bearer] }, async (c) => {
  const g = c.given.grant.jwt_bearer;
  await trusted(c, g, c.given.assertion);
  const reply = await presentAssertion(c, g, await signAssertion(c, c.given.assertion, { foreignKey: true }), 'an assertion signed with another key');
  expectGrantError(c.target, g, reply, 'invalid_grant');
});

check('jwt-bearer.untrusted-issuer', { requires: [...bearer] }, async (c) => {
  const g = c.given.grant.jwt_bearer;
  await trusted(c, g, c.given.assertion);
  const reply = await presentAssertion(c, g, await signAssertion(c, c.given.assertion, { iss: 'https://oauth-conformance.invalid/unknown-issuer', foreignKey: true }), 'an assertion of an unknown issuer');
  expectGrantError(c.target, g, reply, 'invalid_grant');
});

check('jwt-bearer.replay', { requires: [...bearer] }, async (c) => {
  const g = c.given.grant.jwt_bearer;
  const assertion = await signAssertion(c, c.given.assertion);
  const first = await presentAssertion(c, g, assertion, 'an assertion, first use');
  if (first.status !== 200) c.notJudged(`the server refused the assertion’s first use (${first.status} ${show(first)}; judged by jwt-bearer.success)`, 'assertion');
  expectGrantError(c.target, g, await presentAssertion(c, g, assertion, 'the same assertion again'), 'invalid_grant');
});
