// Proof that the suites catch what they claim: the built-in mock runs with each named defect, and
// exactly the checks the defect names fail (no others); the clean mock passes every profile.
//
// A defect can change only the replies of requests that read its switch. The clean runs note, per
// check, which switches its requests read (the mock reports every read); each defect then runs only the
// checks that read it, plus the checks that judge every reply of a run. That the selection misses no
// check the defect must fail is asserted here for every defect; `npm run test:defects:full` (also run
// by .ci/run) runs every check under every defect, as the matrix did before the selection.
//
// The full matrix can take longer than a CI run can spare (24 minutes here), so it runs in batches:
// DEFECT_MATRIX_BUDGET (seconds) stops it starting a batch it has no time left to finish, and the runs
// it did not reach are reported as skipped, with their count. Each UTC day starts at another batch, so
// successive CI runs cover the whole matrix between them.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { ConformanceReport } from '../generated/types/index.ts';
import { builtinProfileIds } from '../lib/profiles.ts';
import { defectNames, type DefectName } from '../mock-server/index.ts';
import { checkById } from '../suites/catalogue.ts';
import { observedChecks } from '../suites/checks/observed.ts';
import { reportFileName } from '../suites/report/file-names.ts';
import type { RunSpec } from '../suites/run-spec.ts';
import { cleanWarnings, expectedFailures } from './defect-expectations.ts';
import { runCliAsync, tempFiles } from './helpers.ts';

type Run = RunSpec & { expect: string[] };

const full = process.env.DEFECT_MATRIX === 'full';
const budgetSeconds = Number(process.env.DEFECT_MATRIX_BUDGET) || Infinity;
const batchSize = 10;
/** About this many checks share a worker (grouped runs): few enough that the groups keep both cores busy. */
const groupChecks = Number(process.env.DEFECT_GROUP_CHECKS) || 120;
const cleanGroups = 4;

describe('defects: the suites fail exactly the checks each defect breaks', () => {
  it(`${defectNames.length} defects, plus every profile clean${full ? ' (every check under every defect)' : ''}`, async (t) => {
    const started = Date.now();
    const dir = tempFiles({});
    const wrong: string[] = [];
    // Every profile clean, in groups as the defect runs are (one worker process and one browser a
    // group, each run with a mock of its own): 11 runs in 4 groups of 170–230 judged checks each.
    const clean: Run[] = builtinProfileIds().map((p, i) => ({ name: `clean@${p}`, profile: p, group: `clean#${i % cleanGroups}`, expect: [...(cleanWarnings[p] ?? [])] }));
    const readsFile = join(dir, 'defect-reads.jsonl');
    wrong.push(...(await runAndJudge(dir, 'clean', clean, { OAUTH_CONFORMANCE_DEFECT_READS: readsFile })));
    const reach = reachOf(readFileSync(readsFile, 'utf8'));

    const runs: Run[] = [];
    for (const name of defectNames) {
      for (const [profile, ids] of Object.entries(expectedFailures[name])) {
        const expect = [...new Set([...ids, ...(cleanWarnings[profile] ?? [])])];
        const run: Run = { name: `${name}@${profile}`, profile, defects: [name], workers: 1, expect, expectFail: ids };
        // Asserted in both modes: the full run proves `ids` are exactly what fails, so it proves too
        // that the selection misses no failing check.
        const checks = [...new Set([...(reach.get(`clean@${profile}`)?.get(name) ?? []), ...observedChecks])];
        const missed = ids.filter((id) => !checks.includes(id));
        if (missed.length) wrong.push(`${run.name}: the clean run shows no request of [${missed.join(', ')}] reading the defect, so the selection would miss checks it must fail`);
        if (!full) {
          run.checks = checks;
          run.expect = expect.filter((id) => checks.includes(id));
        }
        runs.push(run);
      }
    }
    const selected = runs.reduce((n, r) => n + (r.checks?.length ?? 0), 0);
    if (!full) {
      const groups = grouped(runs);
      console.log(`defect matrix: ${runs.length} runs in ${groups} groups, ${selected} checks selected in all`);
      wrong.push(...(await runAndJudge(dir, 'defects', runs, {})));
    } else {
      const { judged, left } = await runInBatches(dir, runs, started, wrong);
      console.log(`full defect matrix: ${judged} of ${runs.length} runs judged in ${Math.round((Date.now() - started) / 1000)} s`);
      if (left.length) await t.test(`full defect matrix: ${left.length} runs not reached`, { skip: `the budget of ${budgetSeconds} s (DEFECT_MATRIX_BUDGET) left no time for them; another day's CI run starts with them: ${left.join(', ')}` }, () => {});
    }
    writeFileSync(join(dir, 'verdicts.txt'), wrong.join('\n'));
    assert.deepEqual(wrong, [], wrong.join('\n'));
  });
});

/**
 * Puts runs of one profile into groups of about `groupChecks` checks (a run whose checks are not
 * selected counts as the whole catalogue): each group is one worker process and one browser for all
 * its runs, each run still with a mock of its own (suites/run-spec.ts `group`). The groups are sorted
 * largest first, so the last to end are short. Returns how many groups there are.
 */
function grouped(runs: Run[]): number {
  const size = (r: Run) => r.checks?.length ?? checkById.size;
  const byProfile = new Map<string, { name: string; checks: number; runs: Run[] }[]>();
  for (const r of [...runs].sort((a, b) => size(b) - size(a))) {
    const mine = byProfile.get(r.profile!) ?? [];
    byProfile.set(r.profile!, mine);
    let g = mine.find((x) => x.checks + size(r) <= groupChecks);
    if (!g) mine.push((g = { name: `${r.profile}#${mine.length + 1}`, checks: 0, runs: [] }));
    g.checks += size(r);
    g.runs.push(r);
    r.group = g.name;
  }
  const groups = [...byProfile.values()].flat().sort((a, b) => b.checks - a.checks);
  runs.splice(0, runs.length, ...groups.flatMap((g) => g.runs));
  return groups.length;
}

/** Run -> defect -> the checks whose requests read it. */
function reachOf(lines: string): Map<string, Map<string, Set<string>>> {
  const reach = new Map<string, Map<string, Set<string>>>();
  for (const line of lines.split('\n').filter(Boolean)) {
    const { run, check, reads } = JSON.parse(line) as { run: string; check: string; reads: DefectName[] };
    const byDefect = reach.get(run) ?? new Map<string, Set<string>>();
    for (const d of reads) byDefect.set(d, (byDefect.get(d) ?? new Set()).add(check));
    reach.set(run, byDefect);
  }
  return reach;
}

/**
 * Runs batches of the full matrix while the budget allows one more, starting at the batch the UTC day
 * picks; pushes what is wrong to `wrong`, returns how many runs were judged and the names of the others.
 */
async function runInBatches(dir: string, runs: Run[], started: number, wrong: string[]): Promise<{ judged: number; left: string[] }> {
  const batches: Run[][] = [];
  for (let i = 0; i < runs.length; i += batchSize) batches.push(runs.slice(i, i + batchSize));
  const first = Math.floor(Date.now() / 86_400_000) % batches.length;
  const order = [...batches.slice(first), ...batches.slice(0, first)];
  let longest = 0;
  let judged = 0;
  const left: string[] = [];
  for (const [i, batch] of order.entries()) {
    const elapsed = (Date.now() - started) / 1000;
    // The first batch always runs: a budget too small for one batch still judges something.
    if (judged && elapsed + longest * 1.25 > budgetSeconds) {
      left.push(...batch.map((r) => r.name));
      continue;
    }
    const t0 = Date.now();
    grouped(batch);
    wrong.push(...(await runAndJudge(dir, `full-${i}`, batch, {})));
    longest = Math.max(longest, (Date.now() - t0) / 1000);
    judged += batch.length;
  }
  return { judged, left };
}

/** Runs the suites once for all runs and lists every run whose failures are not exactly the expected ones. */
async function runAndJudge(dir: string, label: string, runs: Run[], env: Record<string, string>): Promise<string[]> {
  const file = join(dir, `${label}.runs.json`);
  writeFileSync(file, JSON.stringify(runs.map(({ expect: _e, ...r }) => r)));
  const reports = join(dir, `reports-${label}`);
  const r = await runCliAsync(['check', '--runs', file, '--report', reports], { CI: '1', OAUTH_CONFORMANCE_TRACE: 'off', OAUTH_CONFORMANCE_WORKERS: process.env.DEFECT_WORKERS ?? '', ...env }, { what: `the defect matrix, ${label} (${runs.length} suite runs)`, progressEvery: 30 });
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
  return wrong;
}
