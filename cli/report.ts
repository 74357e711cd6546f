// `oauth-conformance report DIR`: writes the report page of every run whose conformance JSON is in DIR,
// merging the shards of a run (shards that ran on several machines, their files copied together).
// Its exit code is the verdict of what it read, as for check: 0 conformant, 1 a MUST failed, 2 nothing
// to read or a run that could not be judged.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ConformanceReport } from '../generated/types/index.ts';
import { ConfigError } from '../lib/config-error.ts';
import { validate } from '../lib/validator.ts';
import { buildReport } from '../suites/reporter.ts';
import { mergeShards, reportsIn, writeSummaryPages } from '../suites/report/summary-files.ts';
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
  const runs = reportsIn(dir);
  if (!runs.size) {
    err(`no conformance report (*.conformance.json) in ${dir}: nothing to write (exit 2)`);
    return 2;
  }
  // Every file must be a report: a page is never written from something else.
  for (const files of runs.values()) {
    for (const f of files) {
      let value: unknown;
      try {
        value = JSON.parse(readFileSync(join(dir, f), 'utf8'));
      } catch (e) {
        throw new ConfigError([{ file: join(dir, f), pointer: '', expected: 'a conformance report (JSON)', found: `not JSON: ${(e as Error).message}` }]);
      }
      const issues = validate('report', value);
      if (issues.length) throw new ConfigError(issues.map((i) => ({ file: join(dir, f), ...i })));
    }
  }
  // --fail-on-should is not in the report; a shard that failed on warnings alone shows it was set.
  const rebuild = (checks: ConformanceReport['checks'], first: ConformanceReport) => buildReport(checks, first.target, new Date(first.startedAt), first.summary.failed && first.summary.MUST.failed === 0);
  const written = writeSummaryPages(dir, undefined, rebuild);
  let code = 0;
  for (const [name, files] of runs) {
    const merged = mergeShards(files.map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as ConformanceReport), rebuild);
    const v = runVerdict(merged);
    out(`${name}: ${v.words}${files.length > 1 ? ` (${files.length} shards)` : ''}`);
    code = Math.max(code, v.outcome === 'not-judged' ? 2 : v.outcome === 'not-conformant' ? 1 : 0);
  }
  out(`wrote ${written.length} page(s): ${written.join(', ')}`);
  return code;
}
