// Proof that the suites catch what they claim: the built-in mock runs with each named defect, and
// exactly the checks the defect names fail (no others); the clean mock passes every profile.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { ConformanceReport } from '../generated/types/index.ts';
import { builtinProfileIds } from '../lib/profiles.ts';
import { cleanWarnings, defects } from '../mock-server/engine/defects.ts';
import { reportFileName } from '../suites/reporter.ts';
import type { RunSpec } from '../suites/run-spec.ts';
import { runCliAsync, tempFiles } from './helpers.ts';

describe('defects: the suites fail exactly the checks each defect breaks', () => {
  it(`${defects.length} defects, plus every profile clean`, async () => {
    const runs: (RunSpec & { expect: string[] })[] = [
      ...builtinProfileIds().map((p) => ({ name: `clean@${p}`, profile: p, expect: [...(cleanWarnings[p] ?? [])] })),
      ...defects.flatMap((d) => Object.entries(d.breaks).map(([p, ids]) => ({ name: `${d.name}@${p}`, profile: p, defects: [d.name], expect: [...new Set([...ids, ...(cleanWarnings[p] ?? [])])] }))),
    ];
    const dir = tempFiles({ 'runs.json': runs.map(({ expect: _e, ...r }) => r) });
    const reports = join(dir, 'reports');
    const r = await runCliAsync(['check', '--runs', join(dir, 'runs.json'), '--report', reports], { CI: '1', OAUTH_CONFORMANCE_TRACE: 'off', OAUTH_CONFORMANCE_WORKERS: process.env.DEFECT_WORKERS ?? '' }, { what: `the defect matrix (${runs.length} suite runs)`, progressEvery: 30 });
    assert.ok(r.status === 0 || r.status === 1, `check ran: exit ${r.status}\n${r.stderr.slice(-2000)}`);
    const wrong: string[] = [];
    for (const run of runs) {
      const report = JSON.parse(readFileSync(join(reports, reportFileName(run.name, null)), 'utf8')) as ConformanceReport;
      const failed = report.checks.filter((c) => c.verdict === 'fail' || c.verdict === 'warn').map((c) => c.id).sort();
      const expected = [...run.expect].sort();
      if (JSON.stringify(failed) !== JSON.stringify(expected)) wrong.push(`${run.name}: failed [${failed.join(', ')}], expected [${expected.join(', ')}]`);
      for (const id of cleanWarnings[run.profile!] ?? []) {
        const c = report.checks.find((x) => x.id === id);
        if (c?.verdict === 'fail') wrong.push(`${run.name}: ${id} is an informative warning but failed as ${c.level}`);
      }
      for (const c of report.checks.filter((x) => (x.verdict === 'fail' || x.verdict === 'warn') && !x.evidence?.length && !x.id.startsWith('authz.'))) wrong.push(`${run.name}: ${c.id} failed without evidence`);
    }
    writeFileSync(join(dir, 'verdicts.txt'), wrong.join('\n'));
    assert.deepEqual(wrong, [], wrong.join('\n'));
  });
});
