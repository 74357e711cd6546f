// RFC 8628, the device authorization grant: the device endpoint's answer (§3.2) and the token
// endpoint's answers to polling (§3.5); the user's part on the verification page in a browser (§3.3).
import { check, expect, type CheckContext } from '../fixtures.ts';
import { pollDevice, startDevice, userDecides, type DeviceStart } from '../device.ts';
import type { ResolvedGrant } from '../../lib/resolved-profile.ts';
import type { Reply } from '../http.ts';
import { expectGrantError, expectSchema, show, successSchema } from '../support.ts';

const device = ['grant:device_code', 'endpoint:deviceAuthorization', 'client-id'] as const;

check('device.authorization.response', { requires: [...device] }, async (c) => {
  const { reply } = await startDevice(c, c.given.grant.device_code, true);
  expect(reply.status, `status of the device authorization response: ${show(reply)}`).toBe(200);
  expect(reply.headers['content-type'] ?? '', 'content type').toMatch(/^application\/json\b/i);
  const b = reply.body ?? {};
  for (const field of ['device_code', 'user_code', 'verification_uri'] as const) expect(typeof b[field] === 'string' && (b[field] as string).length > 0, `${field} (REQUIRED, §3.2) in ${show(reply)}`).toBe(true);
  expect(Number.isInteger(b.expires_in) && Number(b.expires_in) > 0, `expires_in (REQUIRED, a number of seconds) in ${show(reply)}`).toBe(true);
  expect(() => new URL(String(b.verification_uri)), 'verification_uri, an absolute URI').not.toThrow();
  if (b.interval !== undefined) expect(Number.isInteger(b.interval) && Number(b.interval) > 0, `interval, a number of seconds (got ${JSON.stringify(b.interval)})`).toBe(true);
});

check('device.token.pending', { requires: [...device] }, async (c) => {
  const g = c.given.grant.device_code;
  const start = await startDevice(c, g);
  // The first poll, at once: nobody has seen the verification page yet.
  expectGrantError(c.target, g, await pollDevice(c, g, start.deviceCode), 'authorization_pending');
});

check('device.token.unknown-code', { requires: [...device] }, async (c) => {
  const g = c.given.grant.device_code;
  const reply = await pollDevice(c, g, 'oauth-conformance-never-issued-device-code', 'poll with a device code never issued');
  expectGrantError(c.target, g, reply, 'invalid_grant');
});

check('device.token.expired', { requires: [...device, 'movable-clock'] }, async (c) => {
  const g = c.given.grant.device_code;
  const start = await startDevice(c, g);
  const moved = Number(start.reply.body?.expires_in ?? 600) + 1;
  await c.given.advanceClock(moved);
  try {
    expectGrantError(c.target, g, await pollDevice(c, g, start.deviceCode, 'poll after expires_in'), 'expired_token');
  } finally {
    // Later checks in this worker sign and judge times against the real clock.
    await c.given.advanceClock(-moved);
  }
});

check('device.token.slow-down', { requires: [...device] }, async (c) => {
  const g = c.given.grant.device_code;
  const start = await startDevice(c, g);
  const first = await pollDevice(c, g, start.deviceCode);
  if (first.body?.error !== 'authorization_pending') c.notJudged(`the first poll was not answered authorization_pending (${first.status} ${show(first)}), so a second one says nothing about speed`);
  // At once: far sooner than any interval (RFC 8628 §3.2's default is 5 s).
  expectGrantError(c.target, g, await pollDevice(c, g, start.deviceCode, 'a second poll at once'), 'slow_down');
});

/** The user allows on the verification page; the poll after it, or not judged when the approval never reached the server. */
async function approved(c: CheckContext, g: ResolvedGrant): Promise<{ start: DeviceStart; reply: Reply }> {
  const start = await startDevice(c, g);
  const page = await c.openPage();
  if ((await userDecides(c, page, start, 'allow')) === 'none') c.notJudged('the verification page showed none of the target’s login selectors', 'login');
  const reply = await pollDevice(c, g, start.deviceCode, 'poll after the user allowed');
  // Still pending: the approval never reached the server (a login refused, a step the selectors miss).
  if (reply.body?.error === 'authorization_pending') c.notJudged(`the verification page did not record an approval (the login may have been refused, or a step needs selectors the target does not name): ${(await page.innerText('body').catch(() => '')).slice(0, 200)}`, 'login');
  return { start, reply };
}

check('device.token.success', { requires: [...device, 'user', 'login'] }, async (c) => {
  const { reply } = await approved(c, c.given.grant.device_code);
  expect(reply.status, `status after the user allowed: ${show(reply)}`).toBe(200);
  expectSchema(reply.body, successSchema(c.target), 'device_code token response');
});

check('device.token.single-use', { requires: [...device, 'user', 'login'] }, async (c) => {
  const g = c.given.grant.device_code;
  const { start, reply } = await approved(c, g);
  if (reply.status !== 200) c.notJudged(`the approved device code got no tokens (${reply.status} ${show(reply)}; judged by device.token.success)`);
  // Past the interval, so a server that enforces it cannot answer slow_down instead.
  await new Promise((r) => setTimeout(r, start.interval * 1000));
  expectGrantError(c.target, g, await pollDevice(c, g, start.deviceCode, 'poll again after the tokens were issued'), 'invalid_grant');
});

check('device.token.denied', { requires: [...device, 'user', 'login'] }, async (c) => {
  const g = c.given.grant.device_code;
  const start = await startDevice(c, g);
  const page = await c.openPage();
  // Judged only once the deny button itself was clicked.
  if (!c.target.login?.denySelector || (await userDecides(c, page, start, 'deny')) !== 'decided') c.notJudged('the verification page showed no deny button the target names (target.login.denySelector)', 'login');
  expectGrantError(c.target, g, await pollDevice(c, g, start.deviceCode, 'poll after the user denied'), 'access_denied');
});
