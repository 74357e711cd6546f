// Rules particular to a provider's documents.
import { randomBytes } from 'node:crypto';
import { check, expect } from '../fixtures.ts';
import { endpointUrl, grantOf, postGrant, show } from '../support.ts';

check('token-free.endpoints', { requires: [] }, async (c) => {
  const t = c.target;
  if (t.profile.tokenFree.length === 0) c.notApplicable('the profile lists no token-free endpoints');
  for (const e of t.profile.tokenFree) {
    const r = await c.http.send('POST', `${t.baseUrl}${t.profile.basePath}${e.path}`, { json: {} }, `POST ${e.path} without a token`);
    expect(r.status, `${e.path} answers without asking for a token`).not.toBe(401);
    expect(r.status, `${e.path} does not fail`).toBeLessThan(500);
  }
});

check('registration.then-login', { requires: [] }, async (c) => {
  const t = c.target;
  const reg = t.profile.registration;
  const pw = grantOf(t, 'password');
  if (!reg || !pw) return c.notApplicable('the profile has no registration with a password grant');
  const username = `oc-${randomBytes(6).toString('hex')}`;
  const password = randomBytes(12).toString('base64url');
  c.http.remember(password);
  const body = { [reg.fields.username]: username, [reg.fields.password]: password };
  const r = await c.http.send('POST', endpointUrl(t, 'register'), reg.encoding === 'json' ? { json: body } : { form: body }, 'register');
  expect([200, 201], `registration status ${r.status}: ${show(r)}`).toContain(r.status);
  const login = await postGrant(c.http, t, pw, { [pw.fields.username]: username, [pw.fields.password]: password }, 'full', undefined, 'log in as the new user');
  expect(login.status, show(login)).toBe(200);
});
