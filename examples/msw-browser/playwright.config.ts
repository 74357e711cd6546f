// The example app's own Playwright test (MSW in the browser): `npx playwright test -c examples/msw-browser`.
import { availableParallelism } from 'node:os';
import { defineConfig } from '@playwright/test';
import { launchOptions } from '../../suites/browser.ts';

export default defineConfig({
  testDir: '.',
  testMatch: /app\.spec\.ts$/,
  globalSetup: './global-setup.ts',
  fullyParallel: true,
  workers: availableParallelism(),
  timeout: 30_000,
  retries: 0,
  reporter: process.env.CI ? 'dot' : 'list',
  // Beside the example (git-ignored), not in reports/: that folder belongs to `check`.
  outputDir: './test-results',
  use: { launchOptions: launchOptions(), trace: 'retain-on-failure', screenshot: 'only-on-failure' },
});
