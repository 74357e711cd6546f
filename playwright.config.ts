// The conformance suites. `oauth-conformance check` sets the runs (one Playwright project each) and the
// report folder through the environment; run directly, it checks the built-in mock of oauth21.
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { defineConfig } from '@playwright/test';
import { launchOptions } from './suites/browser.ts';
import { reportDir } from './suites/reporter.ts';
import { runsFromEnv, type RunSpec } from './suites/run-spec.ts';

const dir = resolve(reportDir());

export default defineConfig<{ run: RunSpec }, { run: RunSpec }>({
  testDir: './suites',
  fullyParallel: true,
  workers: Number(process.env.OAUTH_CONFORMANCE_WORKERS) || availableParallelism(),
  timeout: 30_000,
  retries: 0,
  outputDir: join(dir, 'test-results'),
  reporter: [
    [process.env.CI ? 'dot' : 'line'],
    ['html', { outputFolder: join(dir, 'html'), open: 'never' }],
    ['junit', { outputFile: join(dir, 'junit.xml') }],
    ['./suites/reporter.ts'],
  ],
  use: { launchOptions: launchOptions() },
  // A server run checks a server (or the built-in mock); a client run checks a client against the mock.
  projects: runsFromEnv().map((run) => ({ name: run.name, use: { run }, metadata: { run }, testMatch: run.client ? /client\/.*\.spec\.ts$/ : /(server|browser)\/.*\.spec\.ts$/ })),
});
