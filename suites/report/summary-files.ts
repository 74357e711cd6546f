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

/** How a report is built again from checks (reporter.ts `buildReport`, handed in: it imports this file). */
export type Rebuild = (checks: Check[], target: ConformanceReport['target'], started: Date, failOnShould: boolean) => ConformanceReport;

/**
 * One report from a run's shards: each check as the shard that ran it saw it (a judged verdict wins
 * over a shard that could not judge it), the counts taken again. Returns the report as it is when
 * there is only one.
 */
export function mergeShards(reports: ConformanceReport[], rebuild: Rebuild): ConformanceReport {
  if (reports.length === 1) return reports[0]!;
  const byId = new Map<string, Check>();
  const judged = (c: Check) => c.verdict === 'pass' || c.verdict === 'fail' || c.verdict === 'warn';
  for (const r of reports) for (const c of r.checks) if (!byId.has(c.id) || (judged(c) && !judged(byId.get(c.id)!))) byId.set(c.id, c);
  const first = reports.reduce((a, b) => (a.startedAt <= b.startedAt ? a : b));
  const last = reports.reduce((a, b) => (a.finishedAt >= b.finishedAt ? a : b));
  // --fail-on-should is not in a report; a shard that failed on warnings alone shows it was set (and
  // where no shard warned, the flag changes nothing).
  const failOnShould = reports.some((r) => r.summary.failed && r.summary.MUST.failed === 0);
  const merged = rebuild([...byId.values()].sort((a, b) => a.id.localeCompare(b.id)), first.target, new Date(first.startedAt), failOnShould);
  return { ...merged, startedAt: first.startedAt, finishedAt: last.finishedAt };
}

/** A run's report as its page shows it: its shards read (by `parse`, which may refuse a file) and merged. */
export interface RunReport {
  /** The run's name in its files. */
  name: string;
  shards: number;
  report: ConformanceReport;
}

/** The runs in `dir` (those named, else all), each read and merged; nothing is written. */
export function readRuns(dir: string, rebuild: Rebuild, names?: Iterable<string>, parse: (file: string, text: string) => ConformanceReport = (_f, t) => JSON.parse(t) as ConformanceReport): RunReport[] {
  const runs = reportsIn(dir);
  const out: RunReport[] = [];
  for (const name of names ?? runs.keys()) {
    const files = runs.get(name);
    if (!files?.length) continue;
    const reports = files.map((f) => parse(join(dir, f), readFileSync(join(dir, f), 'utf8')));
    out.push({ name, shards: files.length, report: mergeShards(reports, rebuild) });
  }
  return out;
}

/** Writes a run's page (whole, then moved in place) under the name to show; returns its path. */
export function writeSummaryPage(dir: string, run: RunReport, shown = run.name): string {
  const out = join(dir, summaryFileName(run.name));
  writeFileSync(`${out}.tmp`, summaryPage(shown, run.report, { shards: run.shards }));
  renameSync(`${out}.tmp`, out);
  return out;
}
