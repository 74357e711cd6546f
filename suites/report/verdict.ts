// A run's verdict in words, the same on the terminal and on the report page: not judged when nothing
// could be observed (or what failed says nothing about the target), else conformant or not.
import type { ConformanceReport } from '../../generated/types/index.ts';
import { unjudgedBecause } from '../unjudged.ts';

export interface RunVerdict {
  outcome: 'not-judged' | 'not-conformant' | 'conformant';
  /** The verdict as the terminal and the page print it. */
  words: string;
}

export function runVerdict(r: ConformanceReport): RunVerdict {
  const unjudged = r.checks.map((c) => (c.verdict === 'fail' || c.verdict === 'warn' || c.verdict === 'not-judged' ? unjudgedBecause(c.reason) : undefined)).find(Boolean);
  if (unjudged) return { outcome: 'not-judged', words: `NOT JUDGED (${unjudged})` };
  if (r.summary.judged === 0) return { outcome: 'not-judged', words: 'NOT JUDGED (no check could be judged)' };
  if (r.summary.failed) return { outcome: 'not-conformant', words: 'NOT CONFORMANT' };
  const warnings = r.summary.SHOULD.warned + r.summary.MAY.warned;
  return { outcome: 'conformant', words: `conformant${warnings ? ' (with warnings)' : ''}` };
}
