// Writes one conformance report per run (schemas/report.schema.json: every check with id, level,
// source, verdict, reason and evidence) and prints a summary by level.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestError, TestResult } from '@playwright/test/reporter';
import type { ConformanceReport } from '../generated/types/index.ts';
import { loadProfile } from '../lib/profiles.ts';
import { fingerprint } from '../lib/redact.ts';
import { loadTarget } from '../lib/targets.ts';
import { validate } from '../lib/validator.ts';
import { checkById } from './catalogue.ts';
import type { RunSpec } from './run-spec.ts';
import { unjudgedBecause } from './unjudged.ts';
import { OUTCOME, UNLOCK, WARNING, type Outcome } from './checks/outcomes.ts';
import { OBSERVED } from './checks/observed.ts';
import { inputs, type InputName } from './checks/requirements.ts';
import { junitXml } from './report/junit.ts';
import { wordedReason } from './report/reason.ts';
import { runVerdict } from './report/verdict.ts';
import { readRuns, writeSummaryPage } from './report/summary-files.ts';
import { reportFileName, safeName, shardSuffix } from './report/file-names.ts';


type Check = ConformanceReport['checks'][number];
type Level = Check['level'];

const ansi = /\u001b\[[0-9;]*m/g;
// Anything shaped like a JWT that slipped into a message is fingerprinted: reports never carry tokens.
const jwtLike = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g;

export function reportDir(): string {
  return process.env.OAUTH_CONFORMANCE_REPORT_DIR ?? 'reports';
}

export default class ConformanceReporter implements Reporter {
  private started = new Date();
  private config!: FullConfig;
  /** Checks by run: a project's name, or a grouped run's (run-spec.ts `group`). */
  private readonly byRun = new Map<string, Check[]>();
  /** What the every-reply rules saw, per run and check id, across all its checks. */
  private readonly observed = new Map<string, Map<string, Seen>>();
  private total = 0;
  private done = 0;
  /** Checks per run, and how many have ended: a run's line is printed when its last check ends. */
  private readonly perRun = new Map<string, { total: number; done: number }>();

  printsToStdio(): boolean {
    return true;
  }

  onBegin(config: FullConfig, suite: Suite): void {
    this.config = config;
    this.started = new Date();
    this.total = suite.allTests().length;
    for (const t of suite.allTests()) {
      const name = runName(t);
      const r = this.perRun.get(name) ?? { total: 0, done: 0 };
      r.total++;
      this.perRun.set(name, r);
    }
    // The terminal shows progress and a line per run as it ends, not a line per check (--verbose adds Playwright's list).
    process.stdout.write(`checking: ${this.total} checks in ${runsOf(config).length} run(s)${process.stdout.isTTY ? '' : '\n'}`);
  }

  /** A run whose checks have all ended: its counts in one line, before the full summary at the end. */
  private runLine(run: string): void {
    const r = this.perRun.get(run);
    if (!r || ++r.done < r.total) return;
    const checks = this.byRun.get(run) ?? [];
    const n = (v: Check['verdict']) => checks.filter((c) => c.verdict === v).length;
    const parts = [`${n('pass')} passed`, `${n('fail')} failed`, `${n('warn')} warning${n('warn') === 1 ? '' : 's'}`, `${n('not-judged')} not judged`, `${n('not-applicable')} not applicable`];
    const line = `  ${n('fail') ? 'x' : '✓'} ${run}: ${r.total} checks done: ${parts.join(', ')}`;
    if (process.stdout.isTTY) process.stdout.write(`\r\x1b[K${line}\nchecking: ${this.done}/${this.total}`);
    else process.stdout.write(`${line}\n`);
  }

  /** Errors outside any check (a spec that does not load, a worker that crashed) still reach the terminal. */
  onError(error: TestError): void {
    process.stderr.write(`\nerror: ${(error.message ?? error.value ?? 'unknown error').replace(ansi, '')}\n`);
  }

  private progress(): void {
    this.done++;
    if (process.stdout.isTTY) process.stdout.write(`\rchecking: ${this.done}/${this.total}`);
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    this.progress();
    const run = runName(test);
    const annotations = [...test.annotations, ...(result.annotations ?? [])];
    const id = annotations.find((a) => a.type === 'check')?.description;
    const seen = this.observed.get(run) ?? new Map<string, Seen>();
    const observedAtt = result.attachments.find((a) => a.name === OBSERVED && a.body);
    for (const o of observedAtt?.body ? (JSON.parse(observedAtt.body.toString('utf8')) as { check: string; seen: number; problems: Seen['problems'] }[]) : []) {
      const e = seen.get(o.check) ?? { seen: 0, problems: [] };
      e.seen += o.seen;
      e.problems.push(...o.problems.map((p) => ({ ...p, in: id ?? test.title })));
      seen.set(o.check, e);
    }
    this.observed.set(run, seen);
    const def = id ? checkById.get(id) : undefined;
    if (!id || !def) return this.runLine(run);
    const level = (annotations.find((a) => a.type === 'level')?.description ?? def.level) as Level;
    const att = result.attachments.find((a) => a.name === 'evidence' && a.body);
    const evidence = att?.body ? (JSON.parse(att.body.toString('utf8')) as Check['evidence']) : undefined;
    const outcome = annotations.find((a) => a.type === OUTCOME)?.description as Outcome | undefined;
    const unlock = annotations.find((a) => a.type === UNLOCK)?.description;
    let verdict: Check['verdict'];
    let reason: string | undefined;
    // A SHOULD or MAY not met ended passed with its words in a `warning` annotation (outcomes.ts judgedAt).
    const warning = result.status === 'passed' ? annotations.find((a) => a.type === WARNING)?.description : undefined;
    if (result.status === 'passed' && warning === undefined) verdict = 'pass';
    else if (result.status === 'skipped') {
      // A skip without a declared outcome (Playwright's own) is not judged: nothing was observed.
      verdict = outcome ?? 'not-judged';
      reason = [...annotations].reverse().find((a) => a.type === 'skip')?.description ?? 'skipped';
    } else {
      verdict = level === 'MUST' ? 'fail' : 'warn';
      const message = (warning ?? result.errors[0]?.message ?? result.status).replace(jwtLike, (t) => fingerprint(t));
      // Failures that say nothing about the target (no browser, an adapter that did not load) keep their words for the CLI.
      // A check's failure arrives in words already (fixtures.ts inWords); anything else is worded here.
      const plain = message.replace(ansi, '');
      reason = unjudgedBecause(message) ? plain.split('\n').filter(Boolean).slice(0, 4).join('\n') : /^\s*(Expected|Received)/m.test(plain) || /expect\(/.test(plain) ? wordedReason(message, evidence) : plain.replace(/^Error:\s*/, '').split('\n')[0]!;
    }
    // A browser check's trace (kept when it did not pass), for the report page to link.
    const trace = verdict === 'pass' ? undefined : result.attachments.find((a) => a.name === 'trace' && a.path)?.path;
    const list = this.byRun.get(run) ?? [];
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
      ...(verdict === 'not-judged' && unlock ? { unlock } : {}),
      ...(evidence?.length ? { evidence } : {}),
      ...(trace ? { trace: relative(resolve(reportDir()), trace).split('\\').join('/') } : {}),
    });
    this.byRun.set(run, list);
    this.runLine(run);
  }

  onEnd(_result: FullResult): void {
    if (process.stdout.isTTY) process.stdout.write('\n');
    const dir = reportDir();
    mkdirSync(dir, { recursive: true });
    const failOnShould = process.env.OAUTH_CONFORMANCE_FAIL_ON_SHOULD === '1';
    const written: { name: string; report: ConformanceReport }[] = [];
    const runs = runsOf(this.config);
    for (const run of runs) {
      const checks = foldObserved(this.byRun.get(run.name) ?? [], this.observed.get(run.name)).sort((a, b) => a.id.localeCompare(b.id));
      const report = buildReport(checks, describeTarget(run), this.started, failOnShould);
      const issues = validate('report', report);
      if (issues.length) process.stderr.write(`conformance report for ${run.name} does not validate: ${JSON.stringify(issues)}\n`);
      writeFileSync(join(dir, reportFileName(run.name, this.config.shard)), `${JSON.stringify(report, null, 2)}\n`);
      written.push({ name: run.name, report });
      printSummary(run.name, report);
    }
    writeFileSync(join(dir, `junit${shardSuffix(this.config.shard)}.xml`), junitXml(written));
    // One page per run, the shards already in the folder merged in.
    const shown = new Map(runs.map((r) => [safeName(r.name), r.name]));
    for (const run of readRuns(dir, buildReport, shown.keys())) writeSummaryPage(dir, run, shown.get(run.name));
  }
}

/** Every run of the config: a project each, or the runs a grouped project holds. */
function runsOf(config: FullConfig): RunSpec[] {
  return config.projects.flatMap((p) => {
    const m = p.metadata as { run?: RunSpec; runs?: RunSpec[] };
    return m.runs ?? [m.run ?? { name: p.name }];
  });
}

/** The run a test belongs to: the grouped run that declared it, or its project's. */
function runName(test: TestCase): string {
  return test.annotations.find((a) => a.type === 'run')?.description ?? test.parent.project()?.name ?? 'default';
}

interface Seen {
  seen: number;
  problems: { problem: string; exchange?: NonNullable<Check['evidence']>[number]; in?: string }[];
}

/**
 * The every-reply rules' findings folded into the checks they name: a problem seen in any check's
 * reply fails (or warns) the rule's check with that reply as evidence; a check its own requests could
 * not judge is judged by the replies the others saw. A check not applicable to the profile stays so.
 */
export function foldObserved(checks: Check[], observed: Map<string, Seen> | undefined): Check[] {
  if (!observed) return checks;
  return checks.map((c) => {
    const o = observed.get(c.id);
    if (!o || c.verdict === 'not-applicable') return c;
    if (o.problems.length) {
      const first = o.problems[0]!;
      const words = `${o.problems.length === 1 ? 'one reply' : `${o.problems.length} replies`} of ${o.seen} observed in the run break the rule; first: ${first.problem}${first.in && first.in !== c.id ? ` (a reply to check ${first.in})` : ''}`;
      const evidence = [...(c.evidence ?? []), ...o.problems.flatMap((p) => (p.exchange && !(c.evidence ?? []).some((e) => JSON.stringify(e) === JSON.stringify(p.exchange)) ? [p.exchange] : []))];
      const { unlock: _u, ...rest } = c;
      return { ...rest, verdict: c.level === 'MUST' ? 'fail' : 'warn', reason: c.verdict === 'fail' || c.verdict === 'warn' ? c.reason ?? words : words, ...(evidence.length ? { evidence } : {}) };
    }
    if (c.verdict === 'not-judged' && o.seen > 0) {
      const { unlock: _u, reason: _r, ...rest } = c;
      return { ...rest, verdict: 'pass' };
    }
    return c;
  });
}

/** A run's report from its checks: counts by level and outcome, not-judged and not-applicable groups, the unlock list. */
export function buildReport(checks: Check[], target: ConformanceReport['target'], started: Date, failOnShould = false): ConformanceReport {
  const count = (level: Level) => {
    const of = (v: Check['verdict']) => checks.filter((c) => c.level === level && c.verdict === v).length;
    return { passed: of('pass'), failed: of('fail'), warned: of('warn'), notJudged: of('not-judged'), notApplicable: of('not-applicable') };
  };
  const MUST = count('MUST');
  const SHOULD = count('SHOULD');
  const MAY = count('MAY');
  const judged = checks.filter((c) => c.verdict === 'pass' || c.verdict === 'fail' || c.verdict === 'warn').length;
  return {
    tool: { name: 'oauth-conformance', version: '0.1.0' },
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    target,
    summary: { MUST, SHOULD, MAY, judged, failed: MUST.failed > 0 || (failOnShould && SHOULD.warned > 0) },
    notJudged: groupByReason(checks.filter((c) => c.verdict === 'not-judged')),
    notApplicable: groupByReason(checks.filter((c) => c.verdict === 'not-applicable')),
    unlock: unlockList(checks),
    checks,
  };
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

/** Checks grouped by reason, the most common reason first. */
export function groupByReason(checks: Check[]): NonNullable<ConformanceReport['notJudged']> {
  const groups = new Map<string, { input?: string; checks: string[] }>();
  for (const c of checks) {
    const key = c.reason ?? 'no reason given';
    const g = groups.get(key) ?? { ...(c.unlock ? { input: c.unlock } : {}), checks: [] };
    g.checks.push(c.id);
    groups.set(key, g);
  }
  return [...groups].map(([reason, g]) => ({ reason, ...g })).sort((a, b) => b.checks.length - a.checks.length || a.reason.localeCompare(b.reason));
}

/** What the user could give to have more checks judged, from the inputs the not-judged checks name. */
export function unlockList(checks: Check[]): NonNullable<ConformanceReport['unlock']> {
  const by = new Map<string, string[]>();
  for (const c of checks) if (c.verdict === 'not-judged' && c.unlock) by.set(c.unlock, [...(by.get(c.unlock) ?? []), c.id]);
  return [...by].map(([input, ids]) => ({ input, fix: inputs[input as InputName] ?? input, checks: ids })).sort((a, b) => b.checks.length - a.checks.length);
}

function printSummary(name: string, r: ConformanceReport): void {
  const out: string[] = [`\nconformance ${name}: ${r.target.name}, profile ${r.target.profile}`];
  const { MUST, SHOULD, MAY } = r.summary;
  const sum = (k: 'notJudged' | 'notApplicable') => MUST[k] + SHOULD[k] + MAY[k];
  out.push(`  judged ${r.summary.judged}: MUST ${MUST.passed} passed, ${MUST.failed} failed; SHOULD ${SHOULD.passed} passed, ${SHOULD.warned} warnings; MAY ${MAY.passed} passed, ${MAY.warned} warnings`);
  out.push(`  not judged ${sum('notJudged')}; not applicable to this profile ${sum('notApplicable')}`);
  for (const c of r.checks.filter((x) => x.verdict === 'fail' || x.verdict === 'warn')) {
    out.push(`  ${c.verdict === 'fail' ? 'FAIL' : 'WARN'} ${c.level} ${c.id} (${c.source}${c.raisedBy ? `; ${c.catalogueLevel} raised by ${c.raisedBy}` : ''})`);
    out.push(`       ${(c.reason ?? '').split('\n')[0]}`);
  }
  if (r.notJudged?.length) {
    out.push('  not judged, by reason:');
    for (const g of r.notJudged) out.push(`    ${String(g.checks.length).padStart(3)}  ${g.reason.split('\n')[0]}: ${g.checks.join(', ')}`);
  }
  if (r.unlock?.length) {
    out.push('  to judge more:');
    for (const u of r.unlock) out.push(`    +${String(u.checks.length).padEnd(3)} ${u.fix}`);
  }
  out.push(`  verdict: ${runVerdict(r).words}`);
  process.stdout.write(`${out.join('\n')}\n`);
}
