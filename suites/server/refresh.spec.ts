// Refresh (RFC 6749 §6, RFC 9700 §4.14) with the profile's policy, and the seeds' invalidation rules.
import { check, expect, type CheckContext } from '../fixtures.ts';
import { callResource, expectGrantError, expectSchema, heldScope, obtainRefreshToken, obtainToken, reachable, refresh, revoke, successSchema, show } from '../support.ts';

check('refresh.success', { requires: ['grant:refresh_token'] }, async (c) => {
  const first = await obtainRefreshToken(c);
  expect(first.refreshToken, 'a refresh token was issued').toBeTruthy();
  const r = await refresh(c, first.refreshToken!);
  expect(r.status, show(r)).toBe(200);
  expectSchema(r.body, successSchema(c.target), 'refresh response');
  // Absent scope on a refresh means the original grant's (RFC 6749 §6).
  const res = reachable(c.target, heldScope({ reply: r, asked: heldScope(first).join(' ') }));
  if (res) expect((await callResource(c, res, { authorization: `Bearer ${String(r.body?.access_token)}` }, 'new token at a resource')).status).toBe(200);
});

check('refresh.scope-not-broadened', { requires: ['grant:refresh_token'] }, async (c) => {
  const supported = c.target.profile.scopes.supported;
  if (supported.length < 2) c.notApplicable('the profile has fewer than two scopes');
  const { refreshToken } = await obtainRefreshToken(c, supported[0]);
  const r = await refresh(c, refreshToken!, { [c.given.grant.refresh_token.fields.scope]: supported.join(' ') }, 'refresh asking for more scope');
  if (r.status === 200) {
    const granted = typeof r.body?.scope === 'string' ? r.body.scope.split(' ') : supported;
    expect(granted.filter((s) => s !== supported[0]), 'scope beyond the original grant').toEqual([]);
  } else {
    expectGrantError(c.target, c.given.grant.refresh_token, r, 'invalid_scope');
  }
});

/** Whether the server's rotation is only a drafted default: then what it does is observed, not assumed. */
const policyUnknown = (c: CheckContext) => c.target.profile.undocumented.includes('refreshToken.policy');

/** A first refresh, and whether it rotated (a new refresh token came back, RFC 6749 §6). */
async function firstRefresh(c: CheckContext) {
  const { refreshToken } = await obtainRefreshToken(c);
  const r1 = await refresh(c, refreshToken!, {}, 'first refresh');
  expect(r1.status, show(r1)).toBe(200);
  const next = r1.body?.refresh_token;
  return { refreshToken: refreshToken!, r1, rotated: typeof next === 'string' && next !== refreshToken };
}

check('refresh.rotation', { requires: ['grant:refresh_token'] }, async (c) => {
  // A profile that does not know the policy judges rotation where the server rotates, at RFC 6749 §6's MAY.
  if (!policyUnknown(c) && !c.target.profile.refreshToken.policy.startsWith('rotating')) c.notApplicable(`refresh policy is ${c.target.profile.refreshToken.policy}`);
  const { refreshToken, rotated } = await firstRefresh(c);
  if (policyUnknown(c) && !rotated) c.notJudged('the server issued no new refresh token, so it does not rotate (see refresh.reusable)');
  expect(rotated, 'a new refresh token').toBe(true);
  const again = await refresh(c, refreshToken, {}, 'old refresh token again');
  expectGrantError(c.target, c.given.grant.refresh_token, again, 'invalid_grant');
});

check('refresh.reuse-detection', { requires: ['grant:refresh_token'] }, async (c) => {
  // Run for every rotating server: whether reuse revokes the family is worth knowing (RFC 9700 §4.14.2),
  // a MUST where the profile promises detection, a SHOULD otherwise.
  if (!policyUnknown(c) && !c.target.profile.refreshToken.policy.startsWith('rotating')) c.notApplicable(`refresh policy is ${c.target.profile.refreshToken.policy}: refresh tokens do not rotate`);
  const { refreshToken, r1, rotated } = await firstRefresh(c);
  if (policyUnknown(c) && !rotated) c.notJudged('the server issued no new refresh token: it does not rotate, so there is no rotated-away token to reuse');
  const reuse = await refresh(c, refreshToken, {}, 'reuse of the rotated token');
  expect(reuse.status, `the rotated-away token is refused: ${show(reuse)}`).not.toBe(200);
  const newest = await refresh(c, String(r1.body?.refresh_token), {}, 'newest token after reuse');
  expect(newest.status, `the newest refresh token of the family still works after the reuse: the family was not revoked`).not.toBe(200);
  expectGrantError(c.target, c.given.grant.refresh_token, newest, 'invalid_grant');
});

check('token.refresh.cache-control', { requires: ['grant:refresh_token'] }, async (c) => {
  const { refreshToken } = await obtainRefreshToken(c);
  expect(refreshToken, 'a refresh token was issued').toBeTruthy();
  const r = await refresh(c, refreshToken!);
  expect(r.status, show(r)).toBe(200);
  expect(r.headers['cache-control'] ?? '(missing)', 'Cache-Control on the refresh response').toMatch(/\bno-store\b/i);
});

check('refresh.reusable', { requires: ['grant:refresh_token'] }, async (c) => {
  if (!policyUnknown(c) && c.target.profile.refreshToken.policy !== 'reusable') c.notApplicable(`refresh policy is ${c.target.profile.refreshToken.policy}`);
  const { refreshToken, rotated } = await firstRefresh(c);
  if (policyUnknown(c) && rotated) c.notJudged('the server rotates refresh tokens (a new one came back; see refresh.rotation)');
  const again = await refresh(c, refreshToken, {}, 'same token again');
  expect(again.status, show(again)).toBe(200);
});

// The client authenticates as the refresh grant requires (RFC 6749 §6): without it the server may
// refuse the client first, and the unknown token would never be looked at.
check('refresh.invalid', { requires: ['grant:refresh_token', 'client-auth'] }, async (c) => {
  const r = await refresh(c, 'no-such-refresh-token-oauth-conformance');
  expectGrantError(c.target, c.given.grant.refresh_token, r, 'invalid_grant');
});

check('refresh.lifetime', { requires: ['grant:refresh_token', 'movable-clock'] }, async (c) => {
  const t = c.target;
  const advanceClock = c.given.advanceClock;
  const lifetime = t.profile.refreshToken.lifetime;
  const rotating = t.profile.refreshToken.policy !== 'reusable';
  const { refreshToken } = await obtainRefreshToken(c);
  if (lifetime === null) {
    await advanceClock(400 * 24 * 3600);
    try {
      expect((await refresh(c, refreshToken!, {}, 'after 400 days')).status, 'a refresh token that never expires').toBe(200);
    } finally {
      await advanceClock(-400 * 24 * 3600);
    }
    return;
  }
  const { refreshToken: second } = rotating ? await obtainRefreshToken(c) : { refreshToken };
  await advanceClock(lifetime - 60);
  try {
    expect((await refresh(c, refreshToken!, {}, 'a minute before the end')).status, 'still valid').toBe(200);
    await advanceClock(120);
    const late = await refresh(c, second!, {}, 'a minute after the end');
    expectGrantError(t, c.given.grant.refresh_token, late, 'invalid_grant');
  } finally {
    await advanceClock(-(lifetime + 60));
  }
});

check('refresh.revoked', { requires: ['grant:refresh_token', 'endpoint:revoke', 'client'] }, async (c) => {
  const t = c.target;
  const { refreshToken } = await obtainRefreshToken(c);
  const rev = await revoke(c, refreshToken!, 'refresh_token', 'revoke the refresh token');
  // Refresh-token revocation is a MUST (RFC 7009 §2): unsupported_token_type is a failure here.
  expect(rev.status, show(rev)).toBe(200);
  expectGrantError(t, c.given.grant.refresh_token, await refresh(c, refreshToken!, {}, 'revoked refresh token'), 'invalid_grant');
});

for (const [id, type, rule, label] of [
  ['refresh.api-key-login-invalidates', 'api_key', 'api-key-login', 'refresh token from before the new login'],
  ['refresh.password-login-invalidates', 'password', 'password-login', 'refresh token from the other device'],
] as const) {
  check(id, { requires: [`grant:${type}`, 'grant:refresh_token'] }, async (c) => {
    const g = c.given.grant[type];
    if (!c.target.profile.refreshToken.invalidatedBy.includes(rule)) c.notApplicable(`the profile has no ${rule} invalidation rule`);
    const first = await obtainToken(c, {}, g);
    await obtainToken(c, {}, g);
    expectGrantError(c.target, c.given.grant.refresh_token, await refresh(c, first.refreshToken!, {}, label), 'invalid_grant');
  });
}
