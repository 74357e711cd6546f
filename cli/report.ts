// `oauth-conformance report DIR`: writes the report page of every run whose conformance JSON is in DIR,
// merging the shards of a run (shards that ran on several machines, their files copied together).
// Its exit code is the verdict of what it read, as for check: 0 conformant, 1 a MUST failed, 2 nothing
// to read or a run that could not be judged.
import { existsSync, statSync } from 'node:fs';
import type { ConformanceReport } from '../generated/types/index.ts';
import { ConfigError } from '../lib/config-error.ts';
import { validate } from '../lib/validator.ts';
import { buildReport } from '../suites/reporter.ts';
import { readRuns, writeSummaryPage } from '../suites/report/summary-files.ts';
import { runVerdict } from '../suites/report/verdict.ts';
import { parseCommand } from './args.ts';
import { UsageError } from './usage-error.ts';

export const reportHelp = `usage: oauth-conformance report DIR

  writes DIR/<run>.summary.html for every run whose <run>[.shard-I-of-N].conformance.json is in DIR,
  the shards of a run merged into one page (check writes these pages itself; run this after copying
  the shards of one run, made on several machines, into one folder)

exit codes: 0 every run conformant; 1 a MUST failed; 2 no report in DIR, or a run could not be judged
`;

export function runReport(argv: string[], out: (line: string) => void, err: (line: string) => void): number {
  const { values, positionals } = parseCommand(argv, {}, reportHelp);
  if (values.help) {
    out(reportHelp);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`report takes one folder, got ${positionals.length}\n\n${reportHelp}`);
  const dir = positionals[0]!;
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`no folder at ${dir}`);
  // Every file must be a report, and all are read before any page is written.
  const runs = readRuns(dir, buildReport, undefined, parseReport);
  if (!runs.length) {
    err(`no conformance report (*.conformance.json) in ${dir}: nothing to write (exit 2)`);
    return 2;
  }
  let code = 0;
  for (const run of runs) {
    const v = runVerdict(run.report);
    out(`${run.name}: ${v.words}${run.shards > 1 ? ` (${run.shards} shards)` : ''}`);
    code = Math.max(code, v.outcome === 'not-judged' ? 2 : v.outcome === 'not-conformant' ? 1 : 0);
  }
  const written = runs.map((run) => writeSummaryPage(dir, run));
  out(`wrote ${written.length} page(s): ${written.join(', ')}`);
  return code;
}

function parseReport(file: string, text: string): ConformanceReport {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new ConfigError([{ file, pointer: '', expected: 'a conformance report (JSON)', found: `not JSON: ${(e as Error).message}` }]);
  }
  const issues = validate('report', value);
  if (issues.length) throw new ConfigError(issues.map((i) => ({ file, ...i })));
  return value as ConformanceReport;
}
