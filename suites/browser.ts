// Chromium for the checks that log in: Debian's where present (Playwright cannot download its own
// browser everywhere), Playwright's own elsewhere. Of Debian's two, the headless shell comes first:
// the build Playwright itself runs headless checks in, at less than half the full browser's CPU per
// login here; the full `chromium` package serves when the shell is not installed.
import { existsSync } from 'node:fs';
import type { LaunchOptions } from '@playwright/test';

const debian = ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium'];

export function launchOptions(): LaunchOptions {
  const system = process.env.CHROMIUM_PATH ?? debian.find((p) => existsSync(p));
  const args = ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu'];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  return system && existsSync(system) ? { executablePath: system, args } : { args };
}
