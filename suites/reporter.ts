// Writes one conformance report per run (schemas/report.schema.json: every check with id, level,
// source, verdict, reason and evidence) and prints a summary by level.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FullConfig, FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import type { ConformanceReport } from '../generated/types/index.ts';
import { loadProfile } from '../lib/profiles.ts';
import { fingerprint } from '../lib/redact.ts';
import { loadTarget } from '../lib/targets.ts';
import { validate } from '../lib/validator.ts';
import { checkById } from './catalogue.ts';
import type { RunSpec } from './run-spec.ts';
import { unjudgedBecause } from './unjudged.ts';

type Check = ConformanceReport['checks'][number];
type Level = Check['level'];

const ansi = /\u001b\[[0-9;]*m/g;
// Anything shaped like a JWT that slipped into a message is fingerprinted: reports never carry tokens.
const jwtLike = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g;

export function reportDir(): string {
  return process.env.OAUTH_CONFORMANCE_REPORT_DIR ?? 'reports';
}

/** Names a shard's own files, so shards sharing one report folder never replace each other's. */
export function shardSuffix(shard: { current: number; total: number } | null): string {
  return shard && shard.total > 1 ? `.shard-${shard.current}-of-${shard.total}` : '';
}

export function reportFileName(project: string, shard: { current: number; total: number } | null): string {
  return `${project.replace(/[^A-Za-z0-9._-]+/g, '_')}${shardSuffix(shard)}.conformance.json`;
}

export default class ConformanceReporter implements Reporter {
  private started = new Date();
  private config!: FullConfig;
  private readonly byProject = new Map<string, Check[]>();

  printsToStdio(): boolean {
    return true;
  }

  onBegin(config: FullConfig): void {
    this.config = config;
    this.started = new Date();
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const project = test.parent.project()?.name ?? 'default';
    const annotations = [...test.annotations, ...(result.annotations ?? [])];
    const id = annotations.find((a) => a.type === 'check')?.description;
    const def = id ? checkById.get(id) : undefined;
    if (!id || !def) return;
    const level = (annotations.find((a) => a.type === 'level')?.description ?? def.level) as Level;
    const verdict: Check['verdict'] = result.status === 'passed' ? 'pass' : result.status === 'skipped' ? 'skip' : 'fail';
    const reason =
      verdict === 'skip'
        ? annotations.find((a) => a.type === 'skip')?.description ?? 'skipped'
        : verdict === 'fail'
          ? (result.errors[0]?.message ?? result.status).replace(ansi, '').replace(jwtLike, (t) => fingerprint(t)).split('\n').filter(Boolean).slice(0, 8).join('\n')
          : undefined;
    const att = result.attachments.find((a) => a.name === 'evidence' && a.body);
    const evidence = att?.body ? (JSON.parse(att.body.toString('utf8')) as Check['evidence']) : undefined;
    const list = this.byProject.get(project) ?? [];
    const raisedBy = annotations.find((a) => a.type === 'raised-by')?.description;
    list.push({
      id,
      level,
      ...(raisedBy ? { catalogueLevel: def.level, raisedBy } : {}),
      source: def.source,
      quote: def.quote,
      title: def.title,
      verdict,
      ...(reason ? { reason } : {}),
      ...(evidence?.length ? { evidence } : {}),
    });
    this.byProject.set(project, list);
  }

  onEnd(_result: FullResult): void {
    const dir = reportDir();
    mkdirSync(dir, { recursive: true });
    const failOnShould = process.env.OAUTH_CONFORMANCE_FAIL_ON_SHOULD === '1';
    for (const project of this.config.projects) {
      const checks = (this.byProject.get(project.name) ?? []).sort((a, b) => a.id.localeCompare(b.id));
      const run = (project.metadata as { run?: RunSpec }).run ?? { name: project.name };
      const count = (level: Level) => ({
        passed: checks.filter((c) => c.level === level && c.verdict === 'pass').length,
        failed: checks.filter((c) => c.level === level && c.verdict === 'fail').length,
        skipped: checks.filter((c) => c.level === level && c.verdict === 'skip').length,
      });
      const summary = { MUST: count('MUST'), SHOULD: count('SHOULD'), MAY: count('MAY'), failed: false };
      summary.failed = summary.MUST.failed > 0 || (failOnShould && summary.SHOULD.failed > 0);
      const report: ConformanceReport = {
        tool: { name: 'oauth-conformance', version: '0.1.0' },
        startedAt: this.started.toISOString(),
        finishedAt: new Date().toISOString(),
        target: describeTarget(run),
        summary,
        skipped: skippedByReason(checks),
        checks,
      };
      const issues = validate('report', report);
      if (issues.length) process.stderr.write(`conformance report for ${project.name} does not validate: ${JSON.stringify(issues)}\n`);
      writeFileSync(join(dir, reportFileName(project.name, this.config.shard)), `${JSON.stringify(report, null, 2)}\n`);
      printSummary(project.name, report);
    }
  }
}

function describeTarget(run: RunSpec): ConformanceReport['target'] {
  if (run.client) {
    const t = loadTarget(run.client);
    return { kind: 'client', name: t.target.name ?? run.name, profile: t.profile.id, builtInMock: true };
  }
  if (run.target) {
    const t = loadTarget(run.target);
    return { kind: 'server', name: t.target.name ?? run.name, profile: t.profile.id, ...(t.target.baseUrl ? { baseUrl: t.target.baseUrl } : {}), builtInMock: false };
  }
  const p = loadProfile(run.profile ?? 'oauth21');
  return { kind: 'server', name: `built-in mock${run.defects?.length ? ` with defects ${run.defects.join(', ')}` : ''}`, profile: p.id, builtInMock: true };
}

/** Skipped checks grouped by reason, the most common reason first. */
export function skippedByReason(checks: Check[]): NonNullable<ConformanceReport['skipped']> {
  const groups = new Map<string, string[]>();
  for (const c of checks) if (c.verdict === 'skip') groups.set(c.reason ?? 'skipped', [...(groups.get(c.reason ?? 'skipped') ?? []), c.id]);
  return [...groups].map(([reason, ids]) => ({ reason, checks: ids })).sort((a, b) => b.checks.length - a.checks.length || a.reason.localeCompare(b.reason));
}

function printSummary(name: string, r: ConformanceReport): void {
  const out: string[] = [`\nconformance ${name}: ${r.target.name}, profile ${r.target.profile}`];
  for (const level of ['MUST', 'SHOULD', 'MAY'] as const) {
    const s = r.summary[level];
    out.push(`  ${level.padEnd(6)} ${String(s.passed).padStart(3)} passed ${String(s.failed).padStart(3)} failed ${String(s.skipped).padStart(3)} skipped`);
  }
  for (const c of r.checks.filter((x) => x.verdict === 'fail')) {
    out.push(`  ${c.level === 'MUST' ? 'FAIL' : 'WARN'} ${c.level} ${c.id} (${c.source}${c.raisedBy ? `; ${c.catalogueLevel} raised by ${c.raisedBy}` : ''})`);
    out.push(`       ${(c.reason ?? '').split('\n')[0]}`);
  }
  if (r.skipped?.length) {
    out.push('  skipped, by reason:');
    for (const g of r.skipped) out.push(`    ${String(g.checks.length).padStart(3)}  ${g.reason.split('\n')[0]}: ${g.checks.join(', ')}`);
  }
  const unjudged = r.checks.map((c) => (c.verdict === 'fail' ? unjudgedBecause(c.reason) : undefined)).find(Boolean);
  if (unjudged) out.push(`  verdict: NOT JUDGED (${unjudged})`);
  else out.push(`  verdict: ${r.summary.failed ? 'NOT CONFORMANT' : 'conformant'}${r.summary.SHOULD.failed && !r.summary.failed ? ' (with SHOULD warnings)' : ''}`);
  process.stdout.write(`${out.join('\n')}\n`);
}
