// The conformance suites. `oauth-conformance check` sets the runs (one Playwright project each) and the
// report folder through the environment; run directly, it checks the built-in mock of oauth21.
import { availableParallelism } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import { launchOptions } from './suites/browser.ts';
import { reportDir } from './suites/reporter.ts';
import { groupsOf, runsFromEnv, runTag, type RunSpec } from './suites/run-spec.ts';

const dir = resolve(reportDir());
// Per shard (set by the CLI): html/ and test-results/ of one shard never replace another's (the
// conformance reporter writes the JSON reports and junit.xml, with the three outcomes apart).
const suffix = process.env.OAUTH_CONFORMANCE_REPORT_SUFFIX ?? '';
// The same config runs from the sources (.ts) and from the built package (.js).
const ext = extname(fileURLToPath(import.meta.url));

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A check's test title is "<id>: <title>"; Playwright matches grep against "project file title". */
function checksGrep(ids: string[]): RegExp {
  if (!ids.length) return /(?!)/;
  return new RegExp(`(?:^|\\s)(?:${ids.map(escape).join('|')}): `);
}

const runs = runsFromEnv();
const groups = groupsOf(runs);
const testMatch = (run: RunSpec) => (run.client ? /client\/.*\.spec\.[jt]s$/ : /(server|browser)\/.*\.spec\.[jt]s$/);

export default defineConfig<{ run: RunSpec }, { run: RunSpec }>({
  testDir: './suites',
  fullyParallel: true,
  workers: Number(process.env.OAUTH_CONFORMANCE_WORKERS) || availableParallelism(),
  timeout: 30_000,
  retries: 0,
  outputDir: join(dir, `test-results${suffix}`),
  reporter: [
    // One progress line and the conformance summary; --verbose lists every check as it ends.
    ...(process.env.OAUTH_CONFORMANCE_VERBOSE === '1' ? [['list'] as const] : []),
    ['html', { outputFolder: join(dir, `html${suffix}`), open: 'never' }],
    [`./suites/reporter${ext}`],
  ],
  use: { launchOptions: launchOptions() },
  // A server run checks a server (or the built-in mock); a client run checks a client against the mock.
  projects: [
    ...runs
      .filter((run) => !run.group)
      // A grouped run's checks are declared apart (tagged with its run), and only its group's project takes them.
      .map((run) => ({ name: run.name, use: { run }, metadata: { run }, testMatch: testMatch(run), ...(run.checks ? { grep: checksGrep(run.checks) } : {}), ...(groups.size ? { grepInvert: /@run:/ } : {}), ...(run.workers ? { workers: run.workers } : {}) })),
    ...[...groups].map(([name, members]) => ({ name, use: { run: members[0]! }, metadata: { runs: members }, testMatch: testMatch(members[0]!), grep: new RegExp(`(?:^|\\s)(?:${members.map((r) => escape(runTag(r))).join('|')})(?:\\s|$)`), workers: 1 })),
  ],
});
