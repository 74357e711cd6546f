// Where the report pages go: `<run>.summary.html` beside the run's JSON. The shards of a run (files
// `<run>.shard-I-of-N.conformance.json` in one folder) are merged into one page: whichever shard ends
// last writes it from every shard present, and `oauth-conformance report DIR` writes it again after
// shards run on other machines were copied together.
import { readFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConformanceReport } from '../../generated/types/index.ts';
import { summaryPage } from './summary-page.ts';

type Check = ConformanceReport['checks'][number];

const reportFile = /^(.+?)(?:\.shard-(\d+)-of-(\d+))?\.conformance\.json$/;

export function summaryFileName(safeName: string): string {
  return `${safeName}.summary.html`;
}

/**
 * The runs whose reports are in `dir`, each with its report files (one, or one per shard). Files of an
 * earlier run sharded another way (`-of-3` beside this run's `-of-2`) are left out: a run's shards are
 * those sharded as its newest file is.
 */
export function reportsIn(dir: string): Map<string, string[]> {
  const byRun = new Map<string, { file: string; total: string; mtime: number }[]>();
  for (const f of readdirSync(dir).sort()) {
    const m = reportFile.exec(f);
    if (m) byRun.set(m[1]!, [...(byRun.get(m[1]!) ?? []), { file: f, total: m[3] ?? '1', mtime: statSync(join(dir, f)).mtimeMs }]);
  }
  const runs = new Map<string, string[]>();
  for (const [name, files] of byRun) {
    const newest = files.reduce((a, b) => (b.mtime > a.mtime ? b : a));
    runs.set(name, files.filter((f) => f.total === newest.total).map((f) => f.file));
  }
  return runs;
}

/**
 * One report from a run's shards: each check as the shard that ran it saw it (a judged verdict wins
 * over a shard that could not judge it), the counts taken again. Returns the first report as it is
 * when there is only one.
 */
export function mergeShards(reports: ConformanceReport[], rebuild: (checks: Check[], first: ConformanceReport) => ConformanceReport): ConformanceReport {
  if (reports.length === 1) return reports[0]!;
  const byId = new Map<string, Check>();
  const judged = (c: Check) => c.verdict === 'pass' || c.verdict === 'fail' || c.verdict === 'warn';
  for (const r of reports) for (const c of r.checks) if (!byId.has(c.id) || (judged(c) && !judged(byId.get(c.id)!))) byId.set(c.id, c);
  const first = reports.reduce((a, b) => (a.startedAt <= b.startedAt ? a : b));
  const last = reports.reduce((a, b) => (a.finishedAt >= b.finishedAt ? a : b));
  const merged = rebuild([...byId.values()].sort((a, b) => a.id.localeCompare(b.id)), first);
  return { ...merged, startedAt: first.startedAt, finishedAt: last.finishedAt };
}

/**
 * Writes the page of each run from the reports in `dir` (written whole, then moved in place): the runs
 * named (file name -> the run's name to show), else every run there.
 */
export function writeSummaryPages(dir: string, names: ReadonlyMap<string, string> | undefined, rebuild: Parameters<typeof mergeShards>[1]): string[] {
  const runs = reportsIn(dir);
  const written: string[] = [];
  for (const [name, shown] of names ?? new Map([...runs.keys()].map((n) => [n, n]))) {
    const files = runs.get(name);
    if (!files?.length) continue;
    const reports = files.map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as ConformanceReport);
    const page = summaryPage(shown, mergeShards(reports, rebuild), { shards: files.length });
    const out = join(dir, summaryFileName(name));
    writeFileSync(`${out}.tmp`, page);
    renameSync(`${out}.tmp`, out);
    written.push(out);
  }
  return written;
}
