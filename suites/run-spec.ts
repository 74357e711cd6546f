// One conformance run: the built-in mock for a profile (optionally with defects), or a target file.
// The CLI passes runs to Playwright as JSON in OAUTH_CONFORMANCE_RUNS; each becomes a project.
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
}

export function runsFromEnv(env: NodeJS.ProcessEnv = process.env): RunSpec[] {
  const raw = env.OAUTH_CONFORMANCE_RUNS;
  if (!raw) return [{ name: 'oauth21', profile: 'oauth21' }];
  return JSON.parse(raw) as RunSpec[];
}
