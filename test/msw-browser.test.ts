// The browser half of the MSW handlers: the example app's Playwright test (examples/msw-browser)
// runs in Chromium and every one of its tests must pass, with the msw we develop against and with
// the lowest msw of our peer range (devDependency `msw-lowest`). The Node half runs under the lowest
// msw here too (test/msw.test.ts with a resolve hook).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { root, tempDir } from './helpers.ts';

interface JsonReport {
  stats: { expected: number; unexpected: number; skipped: number; flaky: number };
  errors: { message?: string }[];
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // NODE_TEST_CONTEXT would make a child `node --test` report to this runner instead of stdout.
    const { NODE_TEST_CONTEXT: _n, ...inherited } = process.env;
    const child = spawn(process.execPath, args, { cwd: root, env: { ...inherited, CI: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

async function exampleApp(mswPackage: string, workers: number): Promise<void> {
  const cli = join(root, 'node_modules/@playwright/test/cli.js');
  const { status, stdout, stderr } = await run([cli, 'test', '-c', join(root, 'examples/msw-browser/playwright.config.ts'), '--reporter=json', '--trace=off', `--workers=${workers}`, `--output=${join(tempDir('oc-msw-browser-'), mswPackage)}`], { MSW_PACKAGE: mswPackage });
  let report: JsonReport;
  try {
    report = JSON.parse(stdout) as JsonReport;
  } catch {
    assert.fail(`no JSON report (exit ${status}): ${stderr.slice(-2000)} ${stdout.slice(-2000)}`);
  }
  assert.equal(report.stats.unexpected, 0, `failed example-app tests with ${mswPackage}; run MSW_PACKAGE=${mswPackage} npx playwright test -c examples/msw-browser for details. ${JSON.stringify(report.errors).slice(0, 2000)}`);
  assert.equal(report.stats.skipped, 0);
  assert.equal(report.stats.expected, 9);
  assert.equal(status, 0);
}

const lowest = (JSON.parse(readFileSync(join(root, 'node_modules/msw-lowest/package.json'), 'utf8')) as { version: string }).version;
const peerRange = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { peerDependencies: { msw: string } }).peerDependencies.msw;

describe('MSW handlers (browser, setupWorker)', () => {
  it('the example app logs in with code + PKCE, calls the API and refreshes, driven in Chromium', () => exampleApp('msw', 2));

  it(`the lowest msw of the peer range (${lowest}) runs the same example app`, async () => {
    assert.equal(peerRange, `^${lowest}`, 'msw-lowest must be the lower bound of the msw peer range');
    await exampleApp('msw-lowest', 1);
  });

  it(`the lowest msw (${lowest}) passes the Node tests (setupServer)`, async () => {
    const check = await run(['--import', './test/msw-lowest/register.mjs', '--input-type=module', '-e', "console.log(import.meta.resolve('msw/node'))"], {});
    assert.match(check.stdout, /node_modules\/msw-lowest\//, 'the resolve hook swaps msw');
    const { status, stdout } = await run(['--import', 'tsx', '--import', './test/msw-lowest/register.mjs', '--test', '--test-reporter=tap', 'test/msw.test.ts'], {});
    assert.match(stdout, /^# fail 0$/m, stdout.slice(-3000));
    assert.match(stdout, /^# pass [1-9]/m);
    assert.equal(status, 0);
  });
});
