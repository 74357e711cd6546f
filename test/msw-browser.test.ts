// The browser half of the MSW handlers: the example app's Playwright test (examples/msw-browser) runs
// in Chromium, and every one of its tests must pass.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { root } from './helpers.ts';

interface JsonReport {
  stats: { expected: number; unexpected: number; skipped: number; flaky: number };
  errors: { message?: string }[];
}

describe('MSW handlers (browser, setupWorker)', () => {
  it('the example app logs in with code + PKCE, calls the API and refreshes, driven in Chromium', async () => {
    const cli = join(root, 'node_modules/@playwright/test/cli.js');
    const { status, stdout, stderr } = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [cli, 'test', '-c', join(root, 'examples/msw-browser/playwright.config.ts'), '--reporter=json'], { cwd: root, env: { ...process.env, CI: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (err += d));
      child.on('exit', (code) => resolve({ status: code, stdout: out, stderr: err }));
    });
    let report: JsonReport;
    try {
      report = JSON.parse(stdout) as JsonReport;
    } catch {
      assert.fail(`no JSON report (exit ${status}): ${stderr.slice(-2000)} ${stdout.slice(-2000)}`);
    }
    const failures = JSON.stringify(report.errors).slice(0, 2000);
    assert.equal(report.stats.unexpected, 0, `failed example-app tests; run npx playwright test -c examples/msw-browser for details. ${failures}`);
    assert.equal(report.stats.skipped, 0);
    assert.equal(report.stats.expected, 6);
    assert.equal(status, 0);
  });
});
