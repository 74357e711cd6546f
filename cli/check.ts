// `oauth-conformance check`: run the conformance suites against target files or the built-in mock,
// then decide the exit code from the conformance reports: 0 conformant; 1 exactly when a MUST failed
// (or a SHOULD, with --fail-on-should); 2 when the run could not be judged (bad configuration, an
// unreachable target, no browser, nothing selected, the runner crashed).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConformanceReport } from '../generated/types/index.ts';
import { baselineFrom, compareToBaseline, describeComparison, loadBaseline } from '../lib/baseline.ts';
import { ConfigError } from '../lib/config-error.ts';
import { mockRuleIssues } from '../lib/profile-rules.ts';
import { builtinProfileIds, loadProfile } from '../lib/profiles.ts';
import { loadTarget } from '../lib/targets.ts';
import { defectNames, isDefectName } from '../mock-server/index.ts';
import { catalogue } from '../suites/catalogue.ts';
import { unjudgedBecause } from '../suites/unjudged.ts';
import { reportFileName, shardSuffix } from '../suites/report/file-names.ts';
import { runOfTarget, type RunSpec } from '../suites/run-spec.ts';
import { parseCommand } from './args.ts';
import { draftFromUrl, draftUsable, inputsFrom, parseUrl, requireSetEnv, urlFlags, urlFlagsHelp, writeDraft } from './from-url.ts';
import { browserHint, chromiumPath, playwrightCli, probe } from './preflight.ts';
import { claimReportDir, removeOwnFiles } from './report-dir.ts';
import { UsageError } from './usage-error.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
// The same module runs from the sources (.ts, in the repository) and from the package (.js, dist/).
const ext = extname(fileURLToPath(import.meta.url));

export const checkHelp = `usage: oauth-conformance check URL [credential flags] [options]
       oauth-conformance check [--target FILE]... [--profile NAME|FILE]... [options]

  URL: discover the server (RFC 8414, OpenID Discovery, or a resource's 401 through RFC 9728), draft a
  profile from what it publishes, judge every check whose inputs are known, and list what would
  unlock the rest; with no URL, target or profile: every built-in profile against the built-in mock
${urlFlagsHelp}
  --target FILE         a server under test (schemas/target.schema.json), or a client
                        (kind "client": checked against the built-in mock); repeatable
  --profile NAME|FILE   check the built-in mock serving this profile; repeatable
  --defect NAME         switch a deliberate defect on in the built-in mock (repeatable)
  --report DIR          where reports go (default ./reports): <run>.conformance.json, html/, junit.xml;
                        a new or empty folder, or one an earlier run made (never emptied)
  --shard I/N           run shard I of N (Playwright sharding)
  --workers N           parallel workers (default: one per core; 1 for real servers whose profile
                        voids tokens on a new login, so parallel checks cannot interfere)
  --grep REGEX          only checks whose id or title matches
  --fail-on-should      SHOULD warnings fail the run too
  --verbose             list every check as it ends (by default: a progress line and the summary)
  --baseline FILE       compare with a baseline (schemas/baseline.schema.json): exit 0 when every judged
                        check matches it, 1 on a new MUST failure (named); checks that now pass are
                        listed to be removed from it. One run only.
  --write-baseline FILE write this run's outcomes as a baseline (a new file; never overwritten)

exit codes: 0 conformant; 1 a MUST failed (or a SHOULD, with --fail-on-should); 2 the run could not
be judged (bad configuration or missing secret, unreachable target, no browser, --grep matching no
check, the runner crashed)
`;

export async function runCheck(argv: string[], out: (l: string) => void, err: (l: string) => void): Promise<number> {
  // `check URL` drafts its profile and target into a folder of its own; it is removed when the run
  // ends, whatever the outcome (`init URL` is the command that keeps a draft).
  const own: string[] = [];
  try {
    return await check(argv, out, err, own);
  } finally {
    for (const dir of own) rmSync(dir, { recursive: true, force: true });
  }
}

async function check(argv: string[], out: (l: string) => void, err: (l: string) => void, own: string[]): Promise<number> {
  const { values, positionals } = parseCommand(
    argv,
    {
      ...urlFlags,
      target: { type: 'string', multiple: true },
      profile: { type: 'string', multiple: true },
      defect: { type: 'string', multiple: true },
      runs: { type: 'string' },
      report: { type: 'string' },
      shard: { type: 'string' },
      workers: { type: 'string' },
      grep: { type: 'string' },
      'fail-on-should': { type: 'boolean' },
      verbose: { type: 'boolean' },
      baseline: { type: 'string' },
      'write-baseline': { type: 'string' },
    },
    checkHelp,
  );
  if (values.help) {
    out(checkHelp);
    return 0;
  }
  const badDefects = (values.defect ?? []).filter((d) => !isDefectName(d));
  if (badDefects.length) throw new UsageError(`unknown --defect ${badDefects.join(', ')}; known: ${defectNames.join(', ')}`);
  if (values.shard !== undefined && !/^[1-9]\d*\/[1-9]\d*$/.test(values.shard)) throw new UsageError(`--shard takes I/N, got "${values.shard}"`);
  if (values.workers !== undefined && !/^[1-9]\d*$/.test(values.workers)) throw new UsageError(`--workers takes a whole number, got "${values.workers}"`);

  if (positionals.length > 1) throw new UsageError(`check takes one URL, got ${positionals.length}: ${positionals.join(' ')}`);
  const urlGiven = positionals[0] !== undefined;
  const usedUrlFlags = Object.keys(urlFlags).filter((k) => values[k as keyof typeof urlFlags] !== undefined);
  if (!urlGiven && usedUrlFlags.length) throw new UsageError(`--${usedUrlFlags[0]} goes with a URL (check URL --${usedUrlFlags[0]} ...)`);
  if (urlGiven && (values.target?.length || values.profile?.length || values.defect?.length)) throw new UsageError('check URL checks that server alone: --target, --profile and --defect go without a URL');
  const runs: RunSpec[] = [];
  if (urlGiven) {
    const url = parseUrl(positionals[0]!);
    const inputs = inputsFrom(values);
    requireSetEnv(values);
    const { draft, name } = await draftFromUrl(url, inputs, out);
    const unusable = draftUsable(draft);
    if (unusable) throw new UsageError(`${url}: ${unusable}`);
    // The draft lives in a folder of our own for the run; `init URL` writes it where the user says.
    const dir = mkdtempSync(join(tmpdir(), 'oauth-conformance-'));
    own.push(dir);
    const files = writeDraft(dir, name, draft);
    values.target = [files.target];
  }
  const names = new Set<string>();
  const named = (base: string) => {
    let n = base;
    for (let i = 2; names.has(n); i++) n = `${base}-${i}`;
    names.add(n);
    return n;
  };
  if (values.runs) {
    // Internal: the defect and check-client tests hand over a list of runs at once (runOfTarget makes a target's).
    runs.push(...(JSON.parse(readFileSync(values.runs, 'utf8')) as RunSpec[]));
  }
  let serial = false;
  for (const file of values.target ?? []) {
    const t = loadTarget(file); // a bad target file stops here, named by field
    const run = runOfTarget(t);
    runs.push({ ...run, name: named(run.name) });
    if (t.target.kind !== 'client' && t.profile.refreshToken.invalidatedBy.length) serial = true;
  }
  const profiles = values.profile ?? (runs.length ? [] : builtinProfileIds());
  for (const p of profiles) {
    const profile = loadProfile(p);
    // The built-in mock serves this profile: it needs demo clients and users to hand out.
    const missing = mockRuleIssues(profile);
    if (missing.length) throw new ConfigError(missing.map((i) => ({ file: profile.file, ...i })));
    runs.push({ name: named(values.defect?.length ? `${profile.id}+defects` : profile.id), profile: existsSync(p) ? resolve(p) : profile.id, ...(values.defect?.length ? { defects: values.defect } : {}) });
  }

  if (values.grep !== undefined) {
    try {
      new RegExp(values.grep);
    } catch (e) {
      throw new UsageError(`--grep is not a regular expression: ${(e as Error).message}`);
    }
  }
  // A baseline speaks of one target: read it (or claim the file to write) before anything runs.
  if ((values.baseline || values['write-baseline']) && runs.length !== 1) throw new UsageError(`--baseline and --write-baseline compare one run, and this check has ${runs.length}`);
  const baseline = values.baseline ? loadBaseline(resolve(values.baseline)) : undefined;
  if (baseline) {
    // The failures the baseline accepts are known failures to Playwright: its HTML report lists them
    // as expected, and a worker is not restarted after each. The verdicts, the JSON, JUnit and the
    // exit code still come from what happened, compared with the baseline below.
    const accepted = Object.entries(baseline.checks).filter(([, c]) => c?.outcome === 'fail').map(([id]) => id);
    if (accepted.length) Object.assign(runs[0]!, { expectFail: accepted, expectFailBecause: `accepted as failing in the baseline ${values.baseline}` });
  }
  const writeTo = values['write-baseline'] ? resolve(values['write-baseline']) : undefined;
  if (writeTo && existsSync(writeTo)) throw new UsageError(`--write-baseline ${writeTo} exists; name a new file (a baseline is never overwritten)`);
  const cli = playwrightCli();
  await preflight(runs, values.grep, err);

  const reportDir = resolve(values.report ?? 'reports');
  claimReportDir(reportDir);
  const shard = values.shard ? { current: Number(values.shard.split('/')[0]), total: Number(values.shard.split('/')[1]) } : null;
  const suffix = shardSuffix(shard);
  removeOwnFiles(reportDir, runs.map((r) => reportFileName(r.name, shard)));
  const args = [cli, 'test', '-c', `${root}playwright.config${ext}`, ...(values.shard ? [`--shard=${values.shard}`] : []), ...(values.grep ? ['--grep', values.grep] : [])];
  const env = {
    ...process.env,
    OAUTH_CONFORMANCE_RUNS: JSON.stringify(runs),
    OAUTH_CONFORMANCE_REPORT_DIR: reportDir,
    OAUTH_CONFORMANCE_REPORT_SUFFIX: suffix,
    ...(values.workers ? { OAUTH_CONFORMANCE_WORKERS: values.workers } : serial ? { OAUTH_CONFORMANCE_WORKERS: '1' } : {}),
    ...(values['fail-on-should'] ? { OAUTH_CONFORMANCE_FAIL_ON_SHOULD: '1' } : {}),
    ...(values.verbose ? { OAUTH_CONFORMANCE_VERBOSE: '1' } : {}),
    ...(typeScriptIn(runs) ? {} : { PW_DISABLE_TS_ESM: '1' }),
  };
  const started = Date.now();
  let interrupted: NodeJS.Signals | undefined;
  const code = await new Promise<number>((res) => {
    const child = spawn(process.execPath, args, { env, stdio: 'inherit', cwd: process.cwd() });
    // Interrupted, this process waits for the runner to stop (it ends its workers and mocks), so the
    // folders this command made are still removed. A terminal's Ctrl-C reaches both; kill(1) only us.
    const stop = (signal: NodeJS.Signals) => {
      interrupted = signal;
      child.kill(signal);
    };
    process.on('SIGINT', stop).on('SIGTERM', stop);
    const done = (c: number) => {
      process.off('SIGINT', stop).off('SIGTERM', stop);
      res(c);
    };
    child.on('error', () => done(2));
    child.on('exit', (c, signal) => done(c ?? (signal ? 130 : 2)));
  });
  if (interrupted) {
    err(`the run was interrupted (${interrupted}) and is not judged: what ran is in ${reportDir} (exit 2)`);
    return 2;
  }
  let mustFailed = false;
  let missing = 0;
  let checks = 0;
  let judged = 0;
  let last: ConformanceReport | undefined;
  const unjudged: string[] = [];
  for (const run of runs) {
    const file = `${reportDir}/${reportFileName(run.name, shard)}`;
    if (!existsSync(file)) {
      missing++;
      err(`no conformance report for ${run.name} (Playwright exited ${code})`);
      continue;
    }
    const report = JSON.parse(readFileSync(file, 'utf8')) as ConformanceReport;
    checks += report.checks.length;
    judged += report.summary.judged;
    last = report;
    if (report.summary.failed) mustFailed = true;
    for (const c of report.checks) {
      const why = c.verdict === 'fail' || c.verdict === 'warn' || c.verdict === 'not-judged' ? unjudgedBecause(c.reason) : undefined;
      if (why) {
        unjudged.push(`${run.name}: ${why}`);
        break;
      }
    }
  }
  out(`\nreports: ${reportDir} (a summary.html page and the conformance JSON per run, html${suffix}/index.html, junit${suffix}.xml); ${runs.length} run(s) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (missing) {
    err('the run could not be judged: the runner ended without a report (exit 2)');
    return 2;
  }
  if (unjudged.length) {
    err(`the run could not be judged: ${unjudged.join('; ')}${unjudged.some((u) => u.includes('browser')) ? `; ${browserHint}` : ''}`);
    return 2;
  }
  if (checks === 0) {
    err(values.grep !== undefined ? `nothing was checked: --grep "${values.grep}" matches no check id or title (exit 2)` : 'nothing was checked (exit 2)');
    return 2;
  }
  if (judged === 0) {
    err('no check could be judged: every check lacked an input or never reached what it judges (see "to judge more" above) (exit 2)');
    return 2;
  }
  if (writeTo && last) {
    writeFileSync(writeTo, `${JSON.stringify(baselineFrom(last, last.target.name ?? runs[0]!.name), null, 2)}\n`, { flag: 'wx' });
    out(`baseline written: ${writeTo} (${last.checks.length} checks; read each fail and warn, and give its reason)`);
  }
  if (baseline && last) {
    const cmp = compareToBaseline(last, baseline);
    const lines = describeComparison(cmp);
    out(`\nbaseline ${values.baseline}: ${cmp.newFailures.length} new failure(s), ${cmp.fixed.length} fixed, ${cmp.changed.length} other change(s)`);
    for (const l of lines) out(`  ${l}`);
    return cmp.newFailures.length ? 1 : 0;
  }
  return mustFailed ? 1 : 0;
}

/**
 * Whether Playwright must compile TypeScript for this run. It does so through an ES module loader it
 * registers in its runner and in every worker (on Node 20 a thread that each import passes through),
 * at ~0.6 s of CPU per process. The suites are built JavaScript; only a client adapter written in
 * TypeScript needs it (a JavaScript adapter is loaded by Node as it is).
 */
function typeScriptIn(runs: RunSpec[]): boolean {
  if (ext !== '.js') return true;
  return runs.some((r) => r.client !== undefined && !/\.[cm]?js$/.test(loadTarget(r.client).adapter ?? ''));
}

/** Checks that may log in through a browser: the browser suite, and refresh checks (their refresh token may come from a login). */
function mayUseBrowser(grep: string | undefined): boolean {
  const re = grep === undefined ? undefined : new RegExp(grep);
  return catalogue.some((c) => (c.suite === 'browser' || c.id.startsWith('refresh.')) && (!re || re.test(`${c.id}: ${c.title}`)));
}

async function preflight(runs: RunSpec[], grep: string | undefined, err: (l: string) => void): Promise<void> {
  const problems: string[] = [];
  let loginProfiles = false;
  for (const run of runs) {
    if (run.target) {
      const t = loadTarget(run.target);
      if (t.profile.grants.some((g) => g.type === 'authorization_code')) loginProfiles = true;
      for (const url of new Set([t.target.baseUrl!, t.target.resourceBaseUrl].filter((u): u is string => !!u))) {
        const why = await probe(url);
        if (why) problems.push(`target ${run.name}: cannot reach ${url} (${why})`);
      }
    } else if (run.profile && loadProfile(run.profile).grants.some((g) => g.type === 'authorization_code')) {
      loginProfiles = true;
    }
  }
  if (loginProfiles && mayUseBrowser(grep) && !(await chromiumPath())) problems.push(`no Chromium found: ${browserHint}`);
  if (problems.length) {
    for (const p of problems) err(`error: ${p}`);
    throw new UsageError('the run could not be judged; nothing was checked');
  }
}
