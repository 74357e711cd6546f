// The report page a person reads: written by check for every run (shards merged), again by
// `oauth-conformance report DIR`; self-contained, failures first with their sentence and evidence,
// filters that work by mouse and keyboard, and no serious accessibility violation (axe-core).
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from '@playwright/test';
import type { ConformanceReport } from '../generated/types/index.ts';
import { launchOptions } from '../suites/browser.ts';
import { runCliAsync, tempFiles } from './helpers.ts';
import { axeViolations } from './axe.ts';

const env = { CI: '1', OAUTH_CONFORMANCE_TRACE: 'off' };
// A MUST the defect breaks (with evidence), a SHOULD, and checks that pass, are not judged or do not apply.
const checks = ['resource.query-token-refused', 'resource.no-token', 'token.success.json', 'token.success.scope-syntax', 'oidc.discovery.fields', 'revocation.unknown-token', 'token.client-auth.body'];

describe('the report page', () => {
  let dir: string;
  let browser: Browser;
  let terminal = '';
  const pageOf = async (file: string): Promise<{ page: Page; network: string[] }> => {
    const page = await browser.newPage();
    const network: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) network.push(r.url());
    });
    await page.goto(`file://${file}`);
    return { page, network };
  };

  before(async () => {
    dir = tempFiles({
      'runs.json': [
        { name: 'query-token@oauth21', profile: 'oauth21', defects: ['accept-query-token'], checks, workers: 1 },
        { name: 'sharded@shield', profile: 'shield', checks, workers: 1 },
      ],
    });
    const reports = join(dir, 'reports');
    const whole = await runCliAsync(['check', '--runs', join(dir, 'runs.json'), '--report', reports], env, { what: 'check with a defect' });
    assert.equal(whole.status, 1, whole.stdout + whole.stderr);
    terminal = whole.stdout;
    // The shards of the shield run into a folder of their own (the first pass wrote an unsharded report there).
    const sharded = join(dir, 'sharded');
    writeFileSync(join(dir, 'shield.json'), JSON.stringify([{ name: 'sharded@shield', profile: 'shield', checks, workers: 1 }]));
    for (const shard of ['1/2', '2/2']) {
      const r = await runCliAsync(['check', '--runs', join(dir, 'shield.json'), '--report', sharded, '--shard', shard], env, { what: `shard ${shard}` });
      assert.ok(r.status === 0, r.stdout + r.stderr);
    }
    browser = await chromium.launch(launchOptions());
  });
  after(async () => {
    await browser?.close();
  });

  it('the terminal prints a line per run as it ends and the summaries, never a line per check', () => {
    assert.match(terminal, /^checking: 14 checks in 2 run\(s\)$/m);
    assert.match(terminal, /^ {2}x query-token@oauth21: 7 checks done: \d+ passed, 1 failed, /m);
    assert.match(terminal, /^ {2}✓ sharded@shield: 7 checks done: \d+ passed, 0 failed, /m);
    for (const id of checks) assert.doesNotMatch(terminal, new RegExp(`›.*${id.replace(/\./g, '\\.')}`), `no per-check line for ${id}`);
    assert.ok(terminal.split('\n').length < 60, `a quiet terminal (${terminal.split('\n').length} lines)`);
  });

  it('shows the tokens of an exchange decoded, never the token itself', async () => {
    const { page } = await pageOf(join(dir, 'reports', 'query-token_oauth21.summary.html'));
    const view = page.locator('section.token').first();
    await view.waitFor({ state: 'attached' });
    const text = await view.textContent();
    assert.match(text ?? '', /response access_token/);
    assert.match(text ?? '', /signature not checked here/);
    assert.match(text ?? '', /"iss": "http:\/\/127\.0\.0\.1:\d+"/);
    assert.doesNotMatch(await page.content(), /eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]{10,}/, 'no whole JWT on the page');
    await page.close();
  });

  it('shows the verdict, then the failure first with its sentence and the exchanges behind it, from disk with no network', async () => {
    const file = join(dir, 'reports', 'query-token_oauth21.summary.html');
    const { page, network } = await pageOf(file);
    assert.match(await page.locator('h1').innerText(), /NOT CONFORMANT\s+query-token@oauth21/);
    const sections = await page.locator('main > section > h2').allInnerTexts();
    assert.equal(sections[0], 'Counts');
    assert.match(sections[1]!, /^Failures and warnings \(1\)$/);
    const failure = page.locator('#p-resource\\.query-token-refused');
    assert.ok(await failure.evaluate((d) => (d as HTMLDetailsElement).open), 'a failure is shown open');
    assert.match(await failure.locator('blockquote').innerText(), /SHOULD NOT be used[\s\S]*RFC 6750 §2\.3/);
    assert.match(await failure.locator('.reason').innerText(), /expected >= 400, received 200/);
    const exchanges = await failure.locator('.exchange summary').allInnerTexts();
    assert.ok(exchanges.some((e) => /GET http:\/\/127\.0\.0\.1:\d+\/api\/resource\?access_token=\[redacted/.test(e)), exchanges.join('\n'));
    assert.doesNotMatch(readFileSync(file, 'utf8'), /eyJ[A-Za-z0-9_-]{8,}\./, 'no token in the page');
    // Counts by level, the outcomes apart.
    const report = JSON.parse(readFileSync(join(dir, 'reports', 'query-token_oauth21.conformance.json'), 'utf8')) as ConformanceReport;
    const must = await page.locator('table.counts tbody tr').first().locator('td').allInnerTexts();
    assert.deepEqual(must.map(Number), [report.summary.MUST.passed, report.summary.MUST.failed, report.summary.MUST.warned, report.summary.MUST.notJudged, report.summary.MUST.notApplicable]);
    assert.deepEqual(network, []);
    // `npm run screenshots` keeps the picture the README shows.
    await page.setViewportSize({ width: 1100, height: 1300 });
    await page.screenshot({ path: join(process.env.OAUTH_CONFORMANCE_SCREENSHOTS ?? dir, 'report-page.png') });
    await page.close();
  });

  it('groups every check by specification and section; the filters hide by level and outcome, by keyboard too', async () => {
    const { page } = await pageOf(join(dir, 'reports', 'query-token_oauth21.summary.html'));
    const all = page.locator('.spec details.check');
    const total = await all.count();
    assert.equal(total, checks.length);
    assert.ok(await page.locator('.spec h3', { hasText: 'RFC 6750' }).count(), 'a group per specification');
    const visible = () => page.locator('.spec details.check:not([hidden])').count();
    await page.getByLabel('passed').uncheck();
    const passed = await page.locator('.spec details.check[data-outcome="pass"]').count();
    assert.ok(passed > 0);
    assert.equal(await visible(), total - passed);
    assert.equal(await page.locator('#shown').innerText(), `${total - passed} of ${total} checks shown`);
    // Keyboard: focus the MUST box and toggle it with the space bar.
    await page.getByLabel('MUST').focus();
    await page.keyboard.press('Space');
    assert.equal(await page.locator('.spec details.check:not([hidden])[data-level="MUST"]').count(), 0);
    const notMustNorPassed = await page.locator('.spec details.check:not([data-level="MUST"]):not([data-outcome="pass"])').count();
    assert.equal(await visible(), notMustNorPassed);
    // A group left empty is hidden with its heading.
    assert.ok(await page.locator('.spec[hidden]').count(), 'an emptied specification group is hidden');
    await page.getByLabel('MUST').check();
    await page.getByLabel('passed').check();
    assert.equal(await visible(), total);
    await page.close();
  });

  it('links each check not judged, with its reason, to the check, and opens it', async () => {
    // Shield grants no scope, so token.success.scope-syntax is not judged there.
    const { page } = await pageOf(join(dir, 'sharded', 'sharded_shield.summary.html'));
    const link = page.locator('section[aria-labelledby="nj-h"] a', { hasText: 'token.success.scope-syntax' });
    assert.equal(await link.count(), 1);
    assert.match(await page.locator('section[aria-labelledby="nj-h"] li').first().innerText(), /no token response of this check named a scope/);
    const target = (await link.getAttribute('href'))!.slice(1);
    assert.equal(await page.locator(`[id="${target}"]`).evaluate((d) => (d as HTMLDetailsElement).open), false);
    await link.click();
    assert.ok(await page.locator(`[id="${target}"]`).evaluate((d) => (d as HTMLDetailsElement).open));
    await page.close();
  });

  it('has no serious or critical accessibility violation (axe-core)', async () => {
    const { page } = await pageOf(join(dir, 'reports', 'query-token_oauth21.summary.html'));
    const { all, serious } = await axeViolations(page);
    assert.deepEqual(serious, [], JSON.stringify(all, null, 2));
    await page.close();
  });

  it('merges the shards of a run into one page', async () => {
    const sharded = join(dir, 'sharded');
    assert.ok(existsSync(join(sharded, 'sharded_shield.shard-1-of-2.conformance.json')) && existsSync(join(sharded, 'sharded_shield.shard-2-of-2.conformance.json')));
    const ids = (n: number) => (JSON.parse(readFileSync(join(sharded, `sharded_shield.shard-${n}-of-2.conformance.json`), 'utf8')) as ConformanceReport).checks.map((c) => c.id);
    const [one, two] = [ids(1), ids(2)];
    assert.ok(one.length && two.length, 'each shard ran some checks');
    const { page } = await pageOf(join(sharded, 'sharded_shield.summary.html'));
    assert.match(await page.locator('header p').innerText(), /2 shards merged/);
    const shown = await page.locator('.spec details.check').evaluateAll((ds) => ds.map((d) => d.id.slice(2)));
    assert.deepEqual(new Set(shown), new Set([...one, ...two]));
    await page.close();
  });

  it('oauth-conformance report DIR writes the pages again; its exit code is the verdict; bad input is named', async () => {
    const reports = join(dir, 'reports');
    rmSync(join(reports, 'query-token_oauth21.summary.html'));
    const r = await runCliAsync(['report', reports], env);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /query-token_oauth21: NOT CONFORMANT/);
    assert.ok(existsSync(join(reports, 'query-token_oauth21.summary.html')));
    // A stale shard of an earlier run sharded another way is not merged in.
    const stale = JSON.parse(readFileSync(join(dir, 'sharded', 'sharded_shield.shard-1-of-2.conformance.json'), 'utf8')) as ConformanceReport;
    writeFileSync(join(dir, 'sharded', 'sharded_shield.shard-3-of-3.conformance.json'), JSON.stringify({ ...stale, checks: stale.checks.map((c) => ({ ...c, id: `stale.${c.id}` })) }));
    utimesSync(join(dir, 'sharded', 'sharded_shield.shard-3-of-3.conformance.json'), new Date(0), new Date(0));
    const shards = await runCliAsync(['report', join(dir, 'sharded')], env);
    assert.equal(shards.status, 0, shards.stdout + shards.stderr);
    assert.match(shards.stdout, /sharded_shield: conformant.*\(2 shards\)/);
    assert.doesNotMatch(readFileSync(join(dir, 'sharded', 'sharded_shield.summary.html'), 'utf8'), /stale\./);
    const missing = await runCliAsync(['report', join(dir, 'no-such-folder')], env);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /no folder at/);
    const empty = tempFiles({});
    const none = await runCliAsync(['report', empty], env);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /no conformance report/);
    const bad = tempFiles({ 'x.conformance.json': { not: 'a report' } });
    const invalid = await runCliAsync(['report', bad], env);
    assert.equal(invalid.status, 2);
    assert.match(invalid.stderr, /x\.conformance\.json/);
    assert.ok(!existsSync(join(bad, 'x.summary.html')), 'no page from something that is not a report');
  });
});
