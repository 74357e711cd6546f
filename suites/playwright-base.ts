// The Playwright test both suites (server and client) extend.
//
// Playwright derives the options of every browser context a test opens from ~25 option fixtures, each
// set up and torn down per test with a captured stack: ~14% of a worker's CPU here, paid by every
// check, though most never open a page and the client suite opens none. The suites set none of those
// options, so their combined value is Playwright's defaults, written out once below: contexts open
// exactly as before, and a value (not a function) is set up with no step and no option fixture.
import { test, type BrowserContextOptions } from '@playwright/test';

const contextDefaults: BrowserContextOptions = {
  acceptDownloads: true,
  bypassCSP: false,
  colorScheme: 'light',
  contrast: 'no-preference',
  forcedColors: 'none',
  hasTouch: false,
  ignoreHTTPSErrors: false,
  isMobile: false,
  javaScriptEnabled: true,
  locale: 'en-US',
  offline: false,
  reducedMotion: 'no-preference',
  serviceWorkers: 'allow',
  viewport: { width: 1280, height: 720 },
};

/** Playwright's own name for the combined value (not a public fixture; a later Playwright without it just ignores this one). */
export const base = test.extend<{ _combinedContextOptions: BrowserContextOptions }>({
  _combinedContextOptions: [contextDefaults, { box: 'self' }],
});
