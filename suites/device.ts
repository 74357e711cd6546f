// RFC 8628 from the device's side: start a device authorization, poll once, and play the user on the
// verification page in a real browser with the target's selectors (code, login, allow or deny).
import type { Page } from '@playwright/test';
import { grantTypeOnWire, type ResolvedGrant } from '../lib/resolved-profile.ts';
import type { Reply } from './http.ts';
import type { CheckContext } from './fixtures.ts';
import { clientAuth, endpointUrl, requestScope, show } from './support.ts';

export interface DeviceStart {
  reply: Reply;
  deviceCode: string;
  userCode: string;
  verificationUri: string | undefined;
  complete: string | undefined;
  interval: number;
}

/** §3.1: the device's request, the client authenticated as at the token endpoint. */
export async function startDevice(c: CheckContext, g: ResolvedGrant, judged = false): Promise<DeviceStart> {
  const auth = clientAuth(c.target, g);
  const scope = requestScope(c.target, 'device_code');
  const reply = await c.http.send('POST', endpointUrl(c.target, 'deviceAuthorization'), { form: { ...auth.fields, ...(scope ? { scope } : {}) }, ...(auth.basic ? { basic: auth.basic } : {}) }, 'device authorization');
  const b = reply.body ?? {};
  if (reply.status !== 200 || typeof b.device_code !== 'string' || typeof b.user_code !== 'string') {
    // A check that judges something else never reached it: the device endpoint refused to start.
    if (!judged) c.notJudged(`the device authorization endpoint did not start a flow (${reply.status}: ${show(reply)})`);
  }
  c.http.remember(typeof b.device_code === 'string' ? b.device_code : undefined);
  return {
    reply,
    deviceCode: String(b.device_code ?? ''),
    userCode: String(b.user_code ?? ''),
    verificationUri: typeof b.verification_uri === 'string' ? b.verification_uri : undefined,
    complete: typeof b.verification_uri_complete === 'string' ? b.verification_uri_complete : undefined,
    interval: typeof b.interval === 'number' && b.interval > 0 ? b.interval : 5,
  };
}

/** §3.4: one poll of the token endpoint with the device code. */
export function pollDevice(c: CheckContext, g: ResolvedGrant, deviceCode: string, label = 'device code poll'): Promise<Reply> {
  const auth = clientAuth(c.target, g);
  return c.http.send('POST', endpointUrl(c.target, g.endpoint), { form: { grant_type: grantTypeOnWire(g.type), ...auth.fields, device_code: deviceCode }, ...(auth.basic ? { basic: auth.basic } : {}) }, label);
}

/**
 * §3.3: the user's part. Opens verification_uri_complete (or verification_uri, typing the code), then
 * for a few steps fills what the page shows: the code, the login, and the allow or deny button. Says
 * what it reached: `decided` (the deny button, or the last allow step, was clicked), `acted` (some
 * control was used), or `none` (a page it cannot read leaves the check unjudged).
 */
export async function userDecides(c: CheckContext, page: Page, start: DeviceStart, decision: 'allow' | 'deny'): Promise<'decided' | 'acted' | 'none'> {
  const login = c.target.login!;
  const visible = (selector: string | undefined) => (selector ? page.locator(selector).first().isVisible().catch(() => false) : Promise.resolve(false));
  const url = start.complete ?? start.verificationUri;
  if (!url) return 'none';
  await page.goto(url);
  c.http.browserStep({ method: 'GET', url }, { status: 200, text: 'verification page' });
  let acted = false;
  for (let step = 0; step < 4; step++) {
    if (login.userCodeSelector && (await visible(login.userCodeSelector)) && !(await page.locator(login.userCodeSelector).first().inputValue().catch(() => 'x'))) {
      await page.locator(login.userCodeSelector).first().fill(start.userCode);
      acted = true;
    }
    if (decision === 'deny' && (await visible(login.denySelector))) {
      await Promise.all([page.waitForLoadState(), page.locator(login.denySelector!).first().click()]);
      c.http.browserStep({ method: 'POST', url }, { status: 200, text: (await page.innerText('body').catch(() => '')).slice(0, 300) });
      return 'decided';
    }
    if (await visible(login.usernameSelector)) {
      await page.locator(login.usernameSelector).first().fill(c.target.credentials.username ?? '');
      await page.locator(login.passwordSelector).first().fill(c.target.credentials.password ?? '');
      await Promise.all([page.waitForLoadState(), page.locator(login.submitSelector).first().click()]);
      acted = true;
      continue;
    }
    if (decision === 'allow' && (await visible(login.consentSelector))) {
      await Promise.all([page.waitForLoadState(), page.locator(login.consentSelector!).first().click()]);
      acted = true;
      continue;
    }
    if (await visible(login.submitSelector)) {
      await Promise.all([page.waitForLoadState(), page.locator(login.submitSelector).first().click()]);
      acted = true;
      continue;
    }
    break;
  }
  c.http.browserStep({ method: 'POST', url }, { status: 200, text: (await page.innerText('body').catch(() => '')).slice(0, 300) });
  return acted ? 'acted' : 'none';
}
