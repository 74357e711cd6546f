// One conformance run: the built-in mock for a profile (optionally with defects), or a target file.
// The CLI passes runs to Playwright as JSON in OAUTH_CONFORMANCE_RUNS; each becomes a project.
import type { ResolvedTarget } from '../lib/targets.ts';

export interface RunSpec {
  name: string;
  /** Built-in profile id or profile file: check the built-in mock serving it. */
  profile?: string;
  /** Target file: check a real server. */
  target?: string;
  /** Client target file: check a client (through its adapter) against the mock. */
  client?: string;
  /** Defects switched on in the built-in mock (proving the suites). */
  defects?: string[];
  /** Only these check ids (the defect matrix runs the checks a defect can reach). */
  checks?: string[];
  /** At most this many workers for this run (the defect matrix runs many small runs side by side, one worker each). */
  workers?: number;
  /**
   * Runs naming one group share a Playwright project: one worker process and one browser serve them
   * all, each run with a mock of its own. The defect matrix groups its many small runs so that each
   * does not pay for a process, its module loading and a browser launch.
   */
  group?: string;
  /**
   * MUST checks this run is expected to fail (the defect matrix knows them; a baseline accepts them):
   * Playwright is told so, and a failure it expected does not cost a new worker process (Playwright
   * starts a new one after every unexpected failure). Verdicts still come from what happened.
   */
  expectFail?: string[];
  /** Why they are expected, as Playwright's own report shows it (a baseline that accepts them, say). */
  expectFailBecause?: string;
}

/**
 * The run a target file makes (`--target`): named by the target (as report file names take it), else
 * by its profile; a client target's run says so.
 */
export function runOfTarget(t: ResolvedTarget): RunSpec {
  const client = t.target.kind === 'client';
  const name = t.target.name?.replace(/[^A-Za-z0-9._-]+/g, '-') ?? (client ? `${t.profile.id}-client` : t.profile.id);
  return client ? { name, client: t.file } : { name, target: t.file };
}

/** The runs of the environment that share a project, by group name, in order. */
export function groupsOf(runs: RunSpec[]): Map<string, RunSpec[]> {
  const groups = new Map<string, RunSpec[]>();
  for (const r of runs) if (r.group) groups.set(r.group, [...(groups.get(r.group) ?? []), r]);
  return groups;
}

/** A grouped run's checks carry this tag, so its group's project selects them and no other does. */
export function runTag(run: RunSpec): string {
  return `@run:${run.name.replace(/\s+/g, '_')}`;
}

export function runsFromEnv(env: NodeJS.ProcessEnv = process.env): RunSpec[] {
  const raw = env.OAUTH_CONFORMANCE_RUNS;
  if (!raw) return [{ name: 'oauth21', profile: 'oauth21' }];
  return JSON.parse(raw) as RunSpec[];
}
