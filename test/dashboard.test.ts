// The mock's dashboard (/__admin/ui) in Chromium, used as a developer would: traffic made with curl
// appears live, its JWT decoded and checked; the clock expires it; a fault added from the page changes
// the next reply; a page of another origin can neither load nor drive it; no serious accessibility
// violation. `npm run screenshots` keeps the picture the README shows.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { startMockServer, type MockServer } from '../mock-server/index.ts';
import { launchOptions } from '../suites/browser.ts';
import { tempDir } from './helpers.ts';
import { axeViolations } from './axe.ts';

const run = promisify(execFile);

/** curl, as a developer would call the mock from a terminal: status and body. */
async function curl(...args: string[]): Promise<{ status: number; body: string }> {
  const { stdout } = await run('curl', ['-s', '-w', '\n%{http_code}', ...args]);
  const i = stdout.lastIndexOf('\n');
  return { status: Number(stdout.slice(i + 1)), body: stdout.slice(0, i) };
}

describe('the mock dashboard in Chromium', () => {
  let mock: MockServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const shots = process.env.OAUTH_CONFORMANCE_SCREENSHOTS;
  const dir = tempDir('dashboard');

  before(async () => {
    mock = await startMockServer({ profile: 'oidc', port: 0 });
    browser = await chromium.launch(launchOptions());
    context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    page = await context.newPage();
    await page.goto(`${mock.url}/__admin/ui`);
    await page.locator('body[data-ready="true"]').waitFor();
    await page.getByRole('status').getByText('live').waitFor();
  });
  after(async () => {
    await browser?.close();
    await mock?.close();
  });

  it('shows a token request made with curl as it happens, its JWT decoded and its signature checked', async () => {
    const r = await curl('-X', 'POST', `${mock.url}/token`, '-u', 'oidc-demo-client:oidc-demo-secret', '-d', 'grant_type=client_credentials&scope=read');
    assert.equal(r.status, 200, r.body);
    const token = (JSON.parse(r.body) as { access_token: string }).access_token;
    const entry = page.locator('#traffic-list details', { hasText: 'POST /token' }).first();
    await entry.waitFor();
    await entry.locator('summary').click();
    const view = entry.locator('section.token');
    await view.waitFor();
    const text = await view.innerText();
    assert.match(text, /response access_token/);
    assert.match(text, /signature verified with the mock’s key/);
    assert.match(text, /"sub": "oidc-demo-client"/);
    assert.match(text, /"typ": "at\+jwt"/);
    assert.equal(await view.getAttribute('data-expired'), 'false');
    assert.match(text, /valid for 60 min more/);
    assert.ok(!(await page.content()).includes(token), 'the page never shows the token itself, only its fingerprint and claims');
    assert.ok(!(await page.content()).includes('oidc-demo-secret'), 'nor the client secret');
  });

  it('marks the token expired when the clock is advanced from the page', async () => {
    await page.getByRole('button', { name: '+1 day' }).click();
    const view = page.locator('#traffic-list details', { hasText: 'POST /token' }).first().locator('section.token');
    await page.locator('#traffic-list section.token[data-expired="true"]').first().waitFor();
    assert.match(await view.innerText(), /expired 23 h ago|expired 1 days ago/);
    assert.match(await page.locator('#clock').innerText(), /^\d{4}-\d\d-\d\dT/);
    // The mock's own clock moved, not just the page's idea of it.
    assert.ok(mock.admin.now() - Date.now() > 86_000_000);
  });

  it('adds a fault rule from the form, and the next reply is the fault', async () => {
    await page.getByLabel('Path (a trailing * matches a prefix)').fill('/token');
    await page.getByLabel('Status').fill('503');
    await page.getByRole('button', { name: 'Add rule' }).click();
    await page.locator('#fault-rows tr', { hasText: '/token' }).waitFor();
    assert.equal(mock.admin.faults().length, 1);
    const r = await curl('-X', 'POST', `${mock.url}/token`, '-u', 'oidc-demo-client:oidc-demo-secret', '-d', 'grant_type=client_credentials');
    assert.equal(r.status, 503);
    assert.match(r.body, /temporarily_unavailable/);
    // The faulted exchange shows as such, and the rule (times 1) is gone from the table.
    await page.locator('#traffic-list details', { hasText: 'fault fault-' }).first().waitFor();
    await page.locator('#fault-rows', { hasText: 'No rules' }).waitFor();
    const next = await curl('-X', 'POST', `${mock.url}/token`, '-u', 'oidc-demo-client:oidc-demo-secret', '-d', 'grant_type=client_credentials');
    assert.equal(next.status, 200);
    await page.locator('#traffic-list > li').nth(2).waitFor();
    await page.locator('#traffic-list details').first().locator('summary').click();
    await page.locator('#traffic-list details').first().locator('section.token').waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(shots ?? dir, 'dashboard.png'), fullPage: false });
  });

  it('adds a user and a client from the page; both work at once', async () => {
    await page.getByLabel('Username').fill('bob');
    await page.getByLabel('Password').fill('bob-password');
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.locator('#user-rows tr', { hasText: 'bob' }).waitFor();
    await page.locator('#client-form').getByLabel('Client id').fill('cli-app');
    await page.getByLabel('Secret (empty: a public client)').fill('cli-secret');
    await page.getByRole('button', { name: 'Add client' }).click();
    await page.locator('#client-rows tr', { hasText: 'cli-app' }).waitFor();
    assert.ok(!(await page.locator('#client-rows').innerText()).includes('cli-secret'), 'the secret shows as a fingerprint');
    const r = await curl('-X', 'POST', `${mock.url}/token`, '-u', 'cli-app:cli-secret', '-d', 'grant_type=client_credentials&scope=read');
    assert.equal(r.status, 200, r.body);
    assert.deepEqual((await mock.admin.users()).map((u) => u.username), ['alice', 'bob']);
  });

  it('mints a token from the page and shows it decoded', async () => {
    await page.getByLabel('Scope (space-separated)').fill('read');
    await page.getByRole('button', { name: 'Mint' }).click();
    const minted = page.locator('#minted section.token');
    await minted.waitFor();
    assert.match(await minted.innerText(), /signature verified/);
    const token = await page.locator('#minted textarea').inputValue();
    const api = await curl(`${mock.url}/api/resource`, '-H', `authorization: Bearer ${token}`);
    assert.equal(api.status, 200, 'the minted token is accepted by the protected resource');
  });

  it('cannot be loaded or driven by a page of another origin', async () => {
    const before = { clock: mock.admin.now(), faults: mock.admin.faults().length };
    const evil: Server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<!doctype html><title>other site</title><iframe id="f" src="${mock.url}/__admin/ui"></iframe>
<script>
window.results = [];
const admin = ${JSON.stringify(mock.url)} + '/__admin';
Promise.allSettled([
  fetch(admin + '/faults', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ path: '/token', status: 500 }) }),
  fetch(admin + '/clock', { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ advance: 999999 }) }),
  fetch(admin + '/requests'),
]).then((r) => { window.results = r.map((x) => x.status + ':' + (x.value ? x.value.type + ' ' + x.value.status : String(x.reason))); window.done = true; });
</script>`);
    });
    await new Promise<void>((r) => evil.listen(0, '127.0.0.1', r));
    const other = await context.newPage();
    try {
      await other.goto(`http://127.0.0.1:${(evil.address() as AddressInfo).port}/`);
      await other.waitForFunction(() => (window as unknown as { done?: boolean }).done === true);
      const results = await other.evaluate(() => (window as unknown as { results: string[] }).results);
      // CORS is never granted: a read is a network error for the page, never data.
      assert.match(results[0]!, /^rejected/);
      assert.match(results[2]!, /^rejected/);
      await other.waitForTimeout(300);
      const frame = other.frames().find((f) => f !== other.mainFrame());
      const framedUi = frame ? await frame.locator('#traffic-list').count().catch(() => 0) : 0;
      assert.equal(framedUi, 0, 'the dashboard does not load in a frame of another site');
      assert.equal(mock.admin.faults().length, before.faults, 'no fault rule was added');
      assert.ok(mock.admin.now() - before.clock < 600_000, 'the clock was not moved');
      // The page itself (same origin) without its CSRF token cannot change anything either.
      const status = await page.evaluate(async () => (await fetch('/__admin/clock', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"advance":1}' })).status);
      assert.equal(status, 403);
    } finally {
      await other.close();
      await new Promise<void>((r) => evil.close(() => r()));
    }
  });

  it('has no serious or critical accessibility violation (axe-core)', async () => {
    // axe is injected inline; the dashboard's CSP (script-src 'self') is bypassed for this page only.
    const ctx = await browser.newContext({ bypassCSP: true });
    const p = await ctx.newPage();
    try {
      await p.goto(`${mock.url}/__admin/ui`);
      await p.locator('body[data-ready="true"]').waitFor();
      await p.locator('#traffic-list details').first().locator('summary').click();
      const { all, serious } = await axeViolations(p);
      assert.deepEqual(serious, [], JSON.stringify(all, null, 2));
    } finally {
      await ctx.close();
    }
  });

  it('with an admin token, the page asks for it and works once it is given', async () => {
    const guarded = await startMockServer({ profile: 'oauth21', port: 0, adminToken: 'let-me-in-please' });
    const p = await context.newPage();
    try {
      await p.goto(`${guarded.url}/__admin/ui`);
      const form = p.locator('#admin-token-form');
      await form.waitFor();
      assert.equal(await p.locator('body[data-ready="true"]').count(), 0, 'nothing loads without the token');
      await p.getByLabel('Admin token').fill('let-me-in-please');
      await p.getByRole('button', { name: 'Use token' }).click();
      await p.locator('body[data-ready="true"]').waitFor();
      await p.getByRole('button', { name: '+1 hour' }).click();
      await p.getByRole('alert').getByText('Clock moved +1 hour.').waitFor();
      assert.ok(guarded.admin.now() - Date.now() > 3_500_000);
    } finally {
      await p.close();
      await guarded.close();
    }
  });
});
