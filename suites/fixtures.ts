// Playwright fixtures: `target` (one per worker: a real server or the built-in mock) and `http`
// (per test, its exchanges become the check's evidence). `check()` ties a test to the catalogue.
import { appendFileSync } from 'node:fs';
import { expect, type Browser, type BrowserContext, type Page, type TestInfo } from '@playwright/test';
import { base } from './playwright-base.ts';
import type { CheckDefinition } from '../generated/types/index.ts';
import { launchOptions } from './browser.ts';
import { checkById, effectiveLevel, type CheckId } from './catalogue.ts';
import { endUnjudged, judgedAt, notApplicable, notJudged } from './checks/outcomes.ts';
import { evaluate, type Given, type InputName, type Requirement } from './checks/requirements.ts';
import { Http, type Exchange } from './http.ts';
import { endpointMap, jwksLoader, observeIdToken, observeReply, OBSERVED } from './checks/observed.ts';
import { wordedReason } from './report/reason.ts';
import { runsFromEnv, runTag, type RunSpec } from './run-spec.ts';
import { openTarget, type SuiteTarget } from './target.ts';

// Playwright formats the stack of every step (each page action, each fixture) through source-map-support,
// frame by frame, to map TypeScript it compiled. The CLI runs it without its TypeScript loader when the
// run has no TypeScript (PW_DISABLE_TS_ESM), so there is nothing to map: Node's own formatting writes the
// same frames at a fraction of the cost.
if (process.env.PW_DISABLE_TS_ESM === '1') Reflect.deleteProperty(Error, 'prepareStackTrace');

interface WorkerFixtures {
  run: RunSpec;
  /** Opens a run's target once per worker (a grouped project's runs each have their own mock). */
  targets: (run: RunSpec) => Promise<SuiteTarget>;
  /** Launches Chromium on first use only: most checks never need it. */
  lazyBrowser: () => Promise<Browser>;
  /** Without tracing, one browser context per worker serves every check's pages (cookies cleared between checks). */
  sharedContext: () => Promise<BrowserContext>;
}

interface TestFixtures {
  /** The target of the check's run: the project's, or the grouped run that declared the check. */
  target: SuiteTarget;
  http: Http;
  openPage: () => Promise<Page>;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  run: [{ name: 'oauth21', profile: 'oauth21' }, { option: true, scope: 'worker' }],
  targets: [
    async ({}, use) => {
      const open = perRun(openTarget);
      await use(open.of);
      // A target that did not open failed its checks already; closing is for the ones that did.
      for (const t of open.made()) await t.then((x) => x.close(), () => undefined);
    },
    { scope: 'worker' },
  ],
  target: async ({ run, targets }, use, testInfo) => {
    await use(await targets(runOf(testInfo) ?? run));
  },
  lazyBrowser: [
    async ({ playwright }, use) => {
      let browser: Promise<Browser> | undefined;
      await use(() => (browser ??= playwright.chromium.launch(launchOptions())));
      if (browser) await (await browser).close();
    },
    { scope: 'worker' },
  ],
  sharedContext: [
    async ({ lazyBrowser }, use) => {
      let context: Promise<BrowserContext> | undefined;
      await use(() => (context ??= lazyBrowser().then((b) => b.newContext())));
      if (context) await (await context).close();
    },
    { scope: 'worker' },
  ],
  openPage: async ({ lazyBrowser, sharedContext }, use, testInfo) => {
    const contexts: BrowserContext[] = [];
    const pages: Page[] = [];
    await use(async () => {
      if (!tracing) {
        const page = await (await sharedContext()).newPage();
        pages.push(page);
        return page;
      }
      const context = await (await lazyBrowser()).newContext();
      await context.tracing.start({ screenshots: true, snapshots: true });
      contexts.push(context);
      return context.newPage();
    });
    const failed = testInfo.status !== testInfo.expectedStatus;
    if (pages.length) {
      for (const p of pages) {
        if (failed) await testInfo.attach('screenshot', { body: await p.screenshot().catch(() => Buffer.alloc(0)), contentType: 'image/png' });
        await p.close();
      }
      await (await sharedContext()).clearCookies();
    }
    for (const [i, c] of contexts.entries()) {
      // Traces and screenshots are kept for failed checks only.
      if (failed) {
        for (const p of c.pages()) await testInfo.attach('screenshot', { body: await p.screenshot().catch(() => Buffer.alloc(0)), contentType: 'image/png' });
        if (tracing) {
          const path = testInfo.outputPath(`trace-${i}.zip`);
          await c.tracing.stop({ path });
          await testInfo.attach('trace', { path, contentType: 'application/zip' });
        }
      } else if (tracing) {
        await c.tracing.stop();
      }
      await c.close();
    }
  },
  http: async ({ target }, use, testInfo) => {
    const http = new Http();
    for (const v of Object.values(target.credentials)) http.remember(v);
    http.remember(target.expiredAccessToken);
    const map = endpointMap(target);
    const keys = keysOf(target);
    http.observer = async (reply, sent) => [...observeReply(map, reply), ...(await observeIdToken(target, keys, reply, sent))];
    target.takeDefectReads?.();
    await use(http);
    noteDefectReads(target, testInfo);
    if (http.exchanges.length) await testInfo.attach('evidence', { body: JSON.stringify(http.exchanges, null, 2), contentType: 'application/json' });
    // What the rules saw in this check's replies, for the reporter to fold into the checks they name.
    const by = new Map<string, { seen: number; problems: { problem: string; exchange?: Exchange }[] }>();
    for (const o of http.observed) {
      const e = by.get(o.check) ?? { seen: 0, problems: [] };
      e.seen++;
      if (o.problem && e.problems.length < 3) e.problems.push({ problem: o.problem, ...(o.exchange ? { exchange: o.exchange } : {}) });
      by.set(o.check, e);
    }
    // An attachment, not an annotation: Playwright's own report shows it folded away, as evidence is.
    if (by.size) await testInfo.attach(OBSERVED, { body: JSON.stringify([...by].map(([check, e]) => ({ check, ...e }))), contentType: 'application/json' });
  },
});

export { expect };

// One JWKS loader per target (a worker's), so every check's ID Tokens verify against keys fetched once.
const loaders = new WeakMap<SuiteTarget, ReturnType<typeof jwksLoader>>();
function keysOf(t: SuiteTarget): ReturnType<typeof jwksLoader> {
  const l = loaders.get(t) ?? jwksLoader(t);
  loaders.set(t, l);
  return l;
}

/**
 * The defect matrix's clean runs (OAUTH_CONFORMANCE_DEFECT_READS names a file) note, per check, which
 * of the built-in mock's defect switches its requests read: only those defects can change its verdict.
 */
function noteDefectReads(target: SuiteTarget, testInfo: TestInfo): void {
  const file = process.env.OAUTH_CONFORMANCE_DEFECT_READS;
  const reads = target.takeDefectReads?.();
  const check = testInfo.annotations.find((a) => a.type === 'check')?.description;
  if (!file || !reads || !check) return;
  appendFileSync(file, `${JSON.stringify({ run: runOf(testInfo)?.name ?? testInfo.project.name, check, reads })}\n`);
}

// Playwright traces of browser checks (kept when a check fails); OAUTH_CONFORMANCE_TRACE=off saves the time.
const tracing = process.env.OAUTH_CONFORMANCE_TRACE !== 'off';

/** Annotations that carry a check's level for this profile (and what raised it) to the reporter. */
export function levelAnnotations(def: CheckDefinition, profile: SuiteTarget['profile']): { type: string; description: string }[] {
  const { level, raisedBy } = effectiveLevel(def, profile);
  return [{ type: 'level', description: level }, { type: 'source', description: def.source }, ...(raisedBy ? [{ type: 'raised-by', description: raisedBy }] : [])];
}

/**
 * A MUST the run expects to fail (the defect matrix knows its failures; a baseline accepts some) is
 * expected by Playwright too, so its worker carries on instead of being replaced. The verdict still
 * comes from what happened.
 */
export function expectFailureOf(run: RunSpec, id: CheckId, def: CheckDefinition, profile: SuiteTarget['profile']): void {
  if (run.expectFail?.includes(id) && effectiveLevel(def, profile).level === 'MUST') test.fail(true, run.expectFailBecause ?? 'expected to fail');
}

export interface CheckContext {
  target: SuiteTarget;
  http: Http;
  /** A fresh browser page (Chromium starts on first use). */
  openPage: () => Promise<Page>;
  /** Ends the check as not applicable: the profile lacks what it judges. */
  notApplicable(reason: string): never;
  /** Ends the check as not judged: an input is missing, or the server never reached the behaviour judged. */
  notJudged(reason: string, input?: InputName): never;
}

export function definition(id: CheckId): CheckDefinition {
  const def = checkById.get(id);
  if (!def) throw new Error(`check ${id} is not in the catalogue`);
  return def;
}

/**
 * Runs a check's body; a failed expectation is thrown again in words (what was expected, what came
 * back, after which request), so every report, Playwright's HTML included, reads without matcher text.
 */
export async function inWords(run: () => Promise<void>, evidence: () => Exchange[] | undefined): Promise<void> {
  try {
    await run();
  } catch (e) {
    if (e instanceof Error && 'matcherResult' in e) throw new Error(wordedReason(e.message, evidence()));
    throw e;
  }
}

/**
 * Declares the test of a catalogue check. Its requirements are evaluated once, before the body: an
 * unmet one ends the check not applicable or not judged; the body receives what they guarantee.
 */
export function check<const R extends readonly Requirement[]>(id: CheckId, decl: { requires: R }, body: (c: CheckContext & { given: Given<R> }) => Promise<void>): void {
  const def = definition(id);
  const annotation = [{ type: 'check', description: id }, ...decl.requires.map((r) => ({ type: 'requires', description: r }))];
  const title = `${id}: ${def.title}`;
  const fn = async ({ run, target, http, openPage }: { run: RunSpec; target: SuiteTarget; http: Http; openPage: () => Promise<Page> }, testInfo: TestInfo) => {
    testInfo.annotations.push(...levelAnnotations(def, target.profile));
    expectFailureOf(runOf(testInfo) ?? run, id, def, target.profile);
    const met = evaluate(decl.requires, target);
    if ('unmet' in met) endUnjudged(met.unmet);
    await judgedAt(() => inWords(() => body({ target, http, openPage, notApplicable, notJudged, given: (met as { given: Given<R> }).given }), () => http.exchanges));
  };
  declareForRuns(test, id, title, annotation, fn, false);
}

/** The test-declaring function both suites' `test` objects share (only what declareForRuns calls). */
interface Declares<F> {
  (title: string, details: { tag?: string; annotation: { type: string; description: string }[] }, body: F): void;
  describe(title: string, body: () => void): void;
}

/**
 * Declares a check's test for the run's own project, and once more for each grouped run of the suite's
 * kind (server or client) that selects the check, tagged for its group's project.
 */
export function declareForRuns<F>(t: Declares<F>, id: string, title: string, annotation: { type: string; description: string }[], fn: F, client: boolean): void {
  t(title, { annotation }, fn);
  for (const run of groupedRuns.values()) {
    if (!!run.client !== client || (run.checks && !run.checks.includes(id))) continue;
    t.describe(run.name, () => t(title, { tag: runTag(run), annotation: [...annotation, { type: 'run', description: run.name }] }, fn));
  }
}

/** One value per run of a worker (by run name), made on first use and shared by its checks; `made` for teardown. */
export function perRun<T>(make: (run: RunSpec) => Promise<T>): { of: (run: RunSpec) => Promise<T>; made: () => Iterable<Promise<T>> } {
  const values = new Map<string, Promise<T>>();
  return {
    of: (run) => {
      let v = values.get(run.name);
      if (!v) values.set(run.name, (v = make(run)));
      return v;
    },
    made: () => values.values(),
  };
}

/** The grouped runs of this Playwright run (the defect matrix's, the check-client test's), by name. */
const groupedRuns = new Map(runsFromEnv().filter((r) => r.group).map((r) => [r.name, r]));

/** The grouped run that declared a check, when it is one of those. */
export function runOf(testInfo: TestInfo): RunSpec | undefined {
  const name = testInfo.annotations.find((a) => a.type === 'run')?.description;
  return name === undefined ? undefined : groupedRuns.get(name);
}
