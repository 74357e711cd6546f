// Before the suites run: is there anything to judge, and can it be judged? A target nobody answers
// at, or a browser check with no browser, makes a run that cannot be judged (exit 2), not a list of
// MUST failures.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { launchOptions } from '../suites/browser.ts';
import { UsageError } from './usage-error.ts';

const require = createRequire(import.meta.url);

/** Path of Playwright's test CLI, or a UsageError that says how to install it. */
export function playwrightCli(): string {
  try {
    return require.resolve('@playwright/test/cli');
  } catch {
    throw new UsageError('`check` runs the suites with Playwright Test, which is not installed: npm install --save-dev @playwright/test');
  }
}

/** Any HTTP answer counts as reachable; only a network failure or no answer in time does not. */
export async function probe(url: string, seconds = 5): Promise<string | undefined> {
  try {
    const res = await fetch(url, { method: 'GET', redirect: 'manual', signal: AbortSignal.timeout(seconds * 1000) });
    await res.body?.cancel();
    return undefined;
  } catch (e) {
    const err = e as Error & { cause?: { code?: string; message?: string } };
    if (err.name === 'TimeoutError') return `no answer within ${seconds} s`;
    return err.cause?.code ?? err.cause?.message ?? err.message;
  }
}

/** Where Chromium is: the system's (Debian's headless shell or chromium, or CHROMIUM_PATH) or Playwright's own. */
export async function chromiumPath(): Promise<string | undefined> {
  const system = launchOptions().executablePath;
  if (system) return system;
  try {
    const { chromium } = await import('@playwright/test');
    const own = chromium.executablePath();
    return existsSync(own) ? own : undefined;
  } catch {
    return undefined;
  }
}

export const browserHint = 'the browser checks (authorization code login) need Chromium: run `npx playwright install chromium`, or set CHROMIUM_PATH to a Chromium or Chrome binary';
