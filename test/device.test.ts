// RFC 8628 in the mock: the device endpoint's answer, the verification page, polling (pending,
// slow_down, access_denied, expired_token), one redemption, and the metadata that advertises it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chromium } from '@playwright/test';
import * as oidc from 'openid-client';
import { call, engineFor, withMsw } from './engine-helpers.ts';
import { resolveProfile } from '../lib/profiles.ts';
import { startMockServer } from '../mock-server/index.ts';
import { launchOptions } from '../suites/browser.ts';
import { axeViolations } from './axe.ts';
import { draftProfile } from '../suites/discovery/draft.ts';

const grantType = 'urn:ietf:params:oauth:grant-type:device_code';

describe('device authorization grant (RFC 8628) in the mock', () => {
  it('answers §3.2, shows the page, polls pending then slow_down, and issues tokens once after the user allows', async () => {
    const e = await engineFor('oauth21-extended');
    const meta = (await call(e, 'GET', '/.well-known/oauth-authorization-server')).body;
    assert.equal(meta.device_authorization_endpoint, 'http://127.0.0.1:9999/device_authorization');
    assert.ok((meta.grant_types_supported as string[]).includes(grantType));
    const start = await call(e, 'POST', '/device_authorization', { form: { client_id: 'oauth21-device', scope: 'read' } });
    assert.equal(start.status, 200, JSON.stringify(start.body));
    assert.equal(start.headers.get('cache-control'), 'no-store');
    const b = start.body as { device_code: string; user_code: string; verification_uri: string; verification_uri_complete: string; expires_in: number; interval: number };
    assert.match(b.user_code, /^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    assert.equal(b.verification_uri, 'http://127.0.0.1:9999/device');
    assert.equal(b.verification_uri_complete, `http://127.0.0.1:9999/device?user_code=${b.user_code}`);
    assert.deepEqual([b.expires_in, b.interval], [600, 5]);
    const poll = () => call(e, 'POST', '/token', { form: { grant_type: grantType, device_code: b.device_code, client_id: 'oauth21-device' } });
    assert.equal((await poll()).body.error, 'authorization_pending');
    assert.equal((await poll()).body.error, 'slow_down', 'a second poll at once is too fast (§3.5)');
    e.admin.advanceClock(11);
    assert.equal((await poll()).body.error, 'authorization_pending', 'after the raised interval (10 s)');
    const page = await call(e, 'GET', `/device?user_code=${b.user_code.toLowerCase()}`);
    assert.equal(page.status, 200);
    assert.match(page.text, new RegExp(`value="${b.user_code}"`), 'the code from verification_uri_complete is filled in, normalised');
    assert.match(page.text, /<label for="user_code">/);
    const wrong = await call(e, 'POST', '/device', { form: { user_code: b.user_code, username: 'alice', password: 'nope', decision: 'allow' } });
    assert.equal(wrong.status, 401);
    assert.match(wrong.text, /wrong/);
    const typo = await call(e, 'POST', '/device', { form: { user_code: 'BBBB-BBBB', username: 'alice', password: 'alice-password', decision: 'allow' } });
    assert.equal(typo.status, 400);
    const ok = await call(e, 'POST', '/device', { form: { user_code: b.user_code.replace('-', ' ').toLowerCase(), username: 'alice', password: 'alice-password', decision: 'allow' } });
    assert.equal(ok.status, 200);
    assert.match(ok.text, /Device connected/);
    e.admin.advanceClock(11);
    const tokens = await poll();
    assert.equal(tokens.status, 200, JSON.stringify(tokens.body));
    assert.equal(tokens.body.token_type, 'Bearer');
    assert.equal(tokens.body.scope ?? 'read', 'read');
    assert.equal(typeof tokens.body.refresh_token, 'string');
    e.admin.advanceClock(11);
    const again = await poll();
    assert.equal(again.body.error, 'invalid_grant', 'a device code is redeemed once');
    const api = await call(e, 'GET', '/api/resource', { bearer: String(tokens.body.access_token) });
    assert.equal(api.status, 200);
    const used = await call(e, 'POST', '/device', { form: { user_code: b.user_code, username: 'alice', password: 'alice-password', decision: 'allow' } });
    assert.equal(used.status, 400, 'a decided code cannot be decided again');
  });

  it('denied is access_denied; an expired code is expired_token; another client learns nothing', async () => {
    const e = await engineFor('oauth21-extended');
    const start = async () => (await call(e, 'POST', '/device_authorization', { form: { client_id: 'oauth21-device' } })).body as { device_code: string; user_code: string };
    const a = await start();
    const denied = await call(e, 'POST', '/device', { form: { user_code: a.user_code, decision: 'deny' } });
    assert.match(denied.text, /not connected/);
    const poll = (code: string, client = 'oauth21-device') => call(e, 'POST', '/token', { form: { grant_type: grantType, device_code: code, client_id: client } });
    assert.equal((await poll(a.device_code)).body.error, 'access_denied');
    const b = await start();
    assert.equal((await poll(b.device_code, 'oauth21-spa')).body.error, 'unauthorized_client', 'a client not allowed the grant');
    const viaDemo = await call(e, 'POST', '/token', { form: { grant_type: grantType, device_code: b.device_code }, basic: ['oauth21-demo-client', 'oauth21-demo-secret'] });
    assert.equal(viaDemo.body.error, 'invalid_grant', 'another client cannot redeem it');
    e.admin.advanceClock(601);
    assert.equal((await poll(b.device_code)).body.error, 'expired_token');
    const late = await call(e, 'POST', '/device', { form: { user_code: b.user_code, username: 'alice', password: 'alice-password', decision: 'allow' } });
    assert.equal(late.status, 400);
    assert.equal((await call(e, 'POST', '/token', { form: { grant_type: grantType, client_id: 'oauth21-device' } })).body.error, 'invalid_request');
    const cc = await call(e, 'POST', '/device_authorization', { form: { client_id: 'oauth21-cc-only-client', client_secret: 'oauth21-cc-only-secret' } });
    assert.equal(cc.body.error, 'unauthorized_client');
  });

  it('limits user code guesses per peer (RFC 8628 §5.1): 20 wrong codes in 10 minutes, then every code is refused until the window closes', async () => {
    const e = await engineFor('oauth21-extended');
    const b = (await call(e, 'POST', '/device_authorization', { form: { client_id: 'oauth21-device' } })).body as { user_code: string };
    const attempt = (code: string, remoteAddress = '10.0.0.7') => call(e, 'POST', '/device', { form: { user_code: code, username: 'alice', password: 'alice-password', decision: 'allow' }, remoteAddress });
    for (let i = 1; i < 20; i++) assert.equal((await attempt(`BBBB-BB${i < 10 ? 'B' : 'C'}${'BCDFGHJKLM'[i % 10]}`)).status, 400, `wrong code ${i}`);
    const limited = await attempt('BBBB-BBBB');
    assert.equal(limited.status, 429, 'the 20th wrong code');
    assert.equal(limited.headers.get('retry-after'), '600');
    assert.match(limited.text, /Too many wrong codes/);
    assert.equal((await attempt(b.user_code)).status, 429, 'past the limit a right code is refused too, or guessing would go on');
    const other = await attempt(b.user_code, '10.0.0.8');
    assert.equal(other.status, 200, 'another peer is counted apart');
    e.admin.advanceClock(601);
    assert.equal((await attempt('BBBB-BBBB')).status, 400, 'the window closed: wrong codes are counted again from zero');
  });

  it('openid-client signs in with the device flow: the user allows on the verification page in Chromium while the client polls', async () => {
    // The profile's interval at 1 s, so the client's waits are short; everything else as built in.
    const profile = resolveProfile({ id: 'device-fast', extends: 'oauth21-extended', title: 'device, fast polling', deviceAuthorization: { interval: 1 } }, 'device-fast (test)');
    const mock = await startMockServer({ profile, port: 0 });
    const browser = await chromium.launch(launchOptions());
    try {
      const config = await oidc.discovery(new URL(mock.url), 'oauth21-device', undefined, oidc.None(), { execute: [oidc.allowInsecureRequests], algorithm: 'oauth2' });
      const started = await oidc.initiateDeviceAuthorization(config, { scope: 'read' });
      assert.equal(started.interval, 1);
      const polling = oidc.pollDeviceAuthorizationGrant(config, started);
      // The user, on another screen: opens the complete URI (no typing), signs in, allows.
      // axe is injected inline; the page's CSP (default-src 'none') is bypassed for this context only.
      const page = await (await browser.newContext({ bypassCSP: true })).newPage();
      await page.goto(started.verification_uri_complete!);
      assert.equal(await page.getByLabel('Code shown on your device').inputValue(), started.user_code);
      const { all, serious } = await axeViolations(page);
      assert.deepEqual(serious, [], `the verification page, by axe-core: ${JSON.stringify(all)}`);
      await page.getByLabel('Username').fill('alice');
      await page.getByLabel('Password').fill('alice-password');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Device connected' }).waitFor();
      const tokens = await polling;
      assert.equal(tokens.token_type.toLowerCase(), 'bearer');
      assert.ok(tokens.refresh_token, 'the device_code grant issues a refresh token in this profile');
      const api = await oidc.fetchProtectedResource(config, tokens.access_token, new URL(`${mock.url}/api/resource`), 'GET');
      assert.equal(api.status, 200);
      const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
      assert.ok(refreshed.access_token);
      const polls = mock.admin.requests().filter((r) => r.path === '/token' && r.body.includes('device_code'));
      assert.ok(polls.length >= 1 && polls.every((r) => r.status === 200 || r.responseBody.includes('authorization_pending')), 'no slow_down for a client that keeps the interval');
    } finally {
      await browser.close();
      await mock.close();
    }
  });

  it('MSW serves it too: a frontend builds its "sign in on another device" screen against the handlers', async () => {
    await withMsw('oauth21-extended', async (at) => {
      const start = await fetch(`${at}/device_authorization`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'client_id=oauth21-device&scope=read' });
      const b = (await start.json()) as { device_code: string; user_code: string; verification_uri_complete: string };
      assert.equal(start.status, 200);
      assert.equal(b.verification_uri_complete, `${at}/device?user_code=${b.user_code}`);
      const page = await fetch(b.verification_uri_complete);
      assert.match(await page.text(), /Code shown on your device/);
      const allow = await fetch(`${at}/device`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ user_code: b.user_code, username: 'alice', password: 'alice-password', decision: 'allow' }) });
      assert.equal(allow.status, 200);
      const token = await fetch(`${at}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: grantType, device_code: b.device_code, client_id: 'oauth21-device' }) });
      assert.equal(token.status, 200, await token.clone().text());
      assert.ok(((await token.json()) as { access_token?: string }).access_token);
    });
  });

  it('checking from a URL: a server that publishes the URN and device_authorization_endpoint gets the device checks; the endpoint alone gets none', () => {
    const base = { issuer: 'https://as.example.test', oauthMetadataUrl: 'https://as.example.test/.well-known/oauth-authorization-server', tried: [] };
    const metadata = { issuer: base.issuer, token_endpoint: `${base.issuer}/token`, device_authorization_endpoint: `${base.issuer}/device/code`, grant_types_supported: ['client_credentials', grantType] };
    const { profile, notes } = draftProfile({ ...base, metadata }, {}, 'as');
    const resolved = resolveProfile(profile, 'draft');
    assert.deepEqual(resolved.grants.map((g) => g.type), ['client_credentials', 'device_code']);
    assert.equal(resolved.endpoints.deviceAuthorization?.path, '/device/code');
    assert.ok(resolved.deviceAuthorization, notes.join('; '));
    const without = draftProfile({ ...base, metadata: { ...metadata, grant_types_supported: ['client_credentials'] } }, {}, 'as').profile;
    assert.equal(without.endpoints?.deviceAuthorization, undefined);
    assert.equal(without.deviceAuthorization, undefined);
  });
});
