/* Generated from schemas/ by `npm run types`. Do not edit by hand. */

/**
 * The verdict of one conformance run: every check with its id, level, source, verdict and evidence.
 */
export interface ConformanceReport {
  /**
   * What produced the report.
   */
  tool: {
    /**
     * Tool name.
     */
    name: string;
    /**
     * Tool version.
     */
    version: string;
  };
  /**
   * When the run began.
   */
  startedAt: string;
  /**
   * When it ended.
   */
  finishedAt: string;
  /**
   * What was checked.
   */
  target: {
    /**
     * Server or client.
     */
    kind: 'server' | 'client';
    /**
     * The target's name.
     */
    name?: string;
    /**
     * Profile id it was checked against.
     */
    profile: string;
    /**
     * Where it lived.
     */
    baseUrl?: string;
    /**
     * The target was the built-in mock.
     */
    builtInMock?: boolean;
  };
  /**
   * Counts by level, and whether the run failed.
   */
  summary: {
    MUST: Counts;
    SHOULD: Counts;
    MAY: Counts;
    /**
     * A MUST failed (or a SHOULD, with `failOnShould`).
     */
    failed: boolean;
  };
  /**
   * Every check run or skipped.
   */
  checks: Check[];
  /**
   * Skipped checks grouped by reason.
   *
   * Items: One reason and its checks.
   */
  skipped?: {
    /**
     * Why they were skipped.
     */
    reason: string;
    /**
     * The checks skipped for it.
     *
     * Items: A check id.
     */
    checks: string[];
  }[];
}
/**
 * Verdict counts of one level.
 */
export interface Counts {
  /**
   * Checks that passed.
   */
  passed: number;
  /**
   * Checks that failed.
   */
  failed: number;
  /**
   * Checks not applicable, with a reason each.
   */
  skipped: number;
}
/**
 * One check's verdict.
 */
export interface Check {
  /**
   * Stable check id.
   */
  id: string;
  /**
   * How binding the requirement is.
   */
  level: 'MUST' | 'SHOULD' | 'MAY';
  /**
   * RFC section or seed document the check enforces.
   */
  source: string;
  /**
   * What the check asserts.
   */
  title: string;
  /**
   * The outcome.
   */
  verdict: 'pass' | 'fail' | 'skip';
  /**
   * Why it failed or was skipped.
   */
  reason?: string;
  /**
   * Request/response pairs, secrets redacted.
   */
  evidence?: Exchange[];
  /**
   * The sentence the check enforces.
   */
  quote?: {
    /**
     * Document.
     */
    spec: string;
    /**
     * Section.
     */
    section: string;
    /**
     * The words.
     */
    text: string;
  };
  /**
   * The level the quoted sentence gives, when the profile raised it to `level`.
   */
  catalogueLevel?: 'MUST' | 'SHOULD' | 'MAY';
  /**
   * What in the profile raised the level: a rule id with its source, or the profile field that declares the behaviour.
   */
  raisedBy?: string;
}
/**
 * One HTTP exchange.
 */
export interface Exchange {
  /**
   * What was sent.
   */
  request: {
    /**
     * HTTP method.
     */
    method: string;
    /**
     * URL, secrets redacted.
     */
    url: string;
    /**
     * Headers, secrets redacted.
     */
    headers?: {
      [k: string]: string | undefined;
    };
    /**
     * Body, secrets redacted.
     */
    body?: string;
  };
  /**
   * What came back.
   */
  response?: {
    /**
     * HTTP status.
     */
    status: number;
    /**
     * Headers, secrets redacted.
     */
    headers?: {
      [k: string]: string | undefined;
    };
    /**
     * Body, tokens redacted.
     */
    body?: string;
  };
  /**
   * A transport error instead of a response.
   */
  error?: string;
}
