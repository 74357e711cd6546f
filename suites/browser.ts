// Chromium for the checks that log in: Debian's /usr/bin/chromium where present (Playwright cannot
// download its own browser everywhere), Playwright's own elsewhere.
import { existsSync } from 'node:fs';
import type { LaunchOptions } from '@playwright/test';

export function launchOptions(): LaunchOptions {
  const system = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  const args = ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu'];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  return existsSync(system) ? { executablePath: system, args } : { args };
}
