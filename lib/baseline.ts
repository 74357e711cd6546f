// Baselines for CI: the outcome a vendor accepts for each check on its server, with the reason. A run
// is compared check by check; only a new failure (a MUST that fails where the baseline does not say
// so) fails it. Checks that now pass where the baseline expected a failure are named, to be removed.
import type { Baseline, ConformanceReport } from '../generated/types/index.ts';
import { ConfigError } from './config-error.ts';
import { readJsonFile } from './json-file.ts';
import { validate } from './validator.ts';

type Check = ConformanceReport['checks'][number];
type Outcome = Check['verdict'];

export interface BaselineComparison {
  /** MUST checks that fail where the baseline expects another outcome: these fail the run. */
  newFailures: Check[];
  /** SHOULD or MAY checks that warn where the baseline expects another outcome (reported, never failing). */
  newWarnings: Check[];
  /** Checks the baseline expects to fail or warn that now pass: remove them from the baseline. */
  fixed: Check[];
  /** Every other difference: an outcome, a level or a reason for not judging that changed, a check missing on either side. */
  changed: string[];
}

export function loadBaseline(file: string): Baseline {
  const raw = readJsonFile(file);
  const issues = validate('baseline', raw);
  if (issues.length) throw new ConfigError(issues.map((i) => ({ file, ...i })));
  return raw as Baseline;
}

const judgedBad = (o: Outcome | undefined) => o === 'fail' || o === 'warn';

export function compareToBaseline(report: ConformanceReport, baseline: Baseline): BaselineComparison {
  const out: BaselineComparison = { newFailures: [], newWarnings: [], fixed: [], changed: [] };
  const seen = new Set<string>();
  for (const c of report.checks) {
    seen.add(c.id);
    const want = baseline.checks[c.id];
    if (c.verdict === 'fail' && want?.outcome !== 'fail') out.newFailures.push(c);
    else if (c.verdict === 'warn' && !judgedBad(want?.outcome)) out.newWarnings.push(c);
    else if (c.verdict === 'pass' && judgedBad(want?.outcome)) out.fixed.push(c);
    if (!want) {
      out.changed.push(`${c.id}: ${c.verdict}, not in the baseline`);
      continue;
    }
    if (want.outcome !== c.verdict) out.changed.push(`${c.id}: expected ${want.outcome}, got ${c.verdict}${c.reason ? ` (${c.reason.split('\n')[0]})` : ''}`);
    else if ((c.verdict === 'not-judged' || c.verdict === 'not-applicable') && want.reason !== undefined && want.reason !== c.reason) out.changed.push(`${c.id}: ${c.verdict} for another reason: "${c.reason ?? ''}" (expected "${want.reason}")`);
    else if (want.level && want.level !== c.level) out.changed.push(`${c.id}: level ${c.level}, expected ${want.level}`);
  }
  for (const id of Object.keys(baseline.checks)) if (!seen.has(id)) out.changed.push(`${id}: expected ${baseline.checks[id]!.outcome}, not in the report`);
  return out;
}

/** A baseline recording a run as it is: every check's outcome and level, with the run's reason. */
export function baselineFrom(report: ConformanceReport, target: string): Baseline {
  const checks: Baseline['checks'] = {};
  for (const c of [...report.checks].sort((a, b) => a.id.localeCompare(b.id))) {
    checks[c.id] = { outcome: c.verdict, level: c.level, ...(c.reason ? { reason: c.reason.split('\n')[0]! } : {}) };
  }
  return {
    $schema: 'https://oauth-conformance.dev/schemas/baseline.schema.json',
    target,
    description: `Recorded from a run on ${report.finishedAt}. Read every fail and warn against its quoted sentence before accepting it, and replace its reason with why it is accepted.`,
    checks,
  };
}

/** The lines a CI log shows for a comparison. */
export function describeComparison(cmp: BaselineComparison): string[] {
  const out: string[] = [];
  for (const c of cmp.newFailures) out.push(`NEW FAILURE ${c.level} ${c.id} (${c.source}): ${(c.reason ?? '').split('\n')[0]}`);
  for (const c of cmp.newWarnings) out.push(`new warning ${c.level} ${c.id} (${c.source}): ${(c.reason ?? '').split('\n')[0]}`);
  for (const c of cmp.fixed) out.push(`fixed: ${c.id} now passes; remove it from the baseline`);
  for (const line of cmp.changed) out.push(`changed: ${line}`);
  return out;
}
