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
    /**
     * Checks judged (pass, fail or warn).
     */
    judged: number;
  };
  /**
   * Every check, with its outcome.
   */
  checks: Check[];
  /**
   * Checks not judged, grouped by reason: an input was missing or the server never reached the behaviour judged. Never a failure.
   */
  notJudged?: Items[];
  /**
   * Checks the profile has no capability for, grouped by reason; counted apart, never a verdict.
   */
  notApplicable?: Items[];
  /**
   * What the user could give to have more checks judged, the largest gain first.
   *
   * Items: One input and the checks it unlocks.
   */
  unlock?: {
    /**
     * The input's name.
     */
    input: string;
    /**
     * How to give it: flags or target fields.
     */
    fix: string;
    /**
     * The checks it would let be judged.
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
   * Checks that failed (MUST: the run is not conformant).
   */
  failed: number;
  /**
   * SHOULD and MAY checks not met: warnings, not failures.
   */
  warned: number;
  /**
   * Checks not judged: an input was missing or the server never reached the behaviour judged.
   */
  notJudged: number;
  /**
   * Checks the profile has no capability for.
   */
  notApplicable: number;
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
   * The outcome: judged (pass; fail for a MUST, warn for a SHOULD or MAY not met), not judged, or not applicable.
   */
  verdict: 'pass' | 'fail' | 'warn' | 'not-judged' | 'not-applicable';
  /**
   * Why it failed, warned, or was not judged or not applicable: what was expected and what was received, in words.
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
  /**
   * For a check not judged: the input that would let it be judged.
   */
  unlock?: string;
  /**
   * A browser check's Playwright trace, kept when the check did not pass, as a path relative to the report folder (open it with `npx playwright show-trace`).
   */
  trace?: string;
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
  /**
   * The JWTs this exchange carried, decoded: where each was, its fingerprint (as it appears above), header and claims. The token itself is never kept.
   */
  tokens?: TokenView[];
}
/**
 * One JWT decoded for reading: header and claims, and whether its signature was checked.
 */
export interface TokenView {
  /**
   * Where it was: `request authorization`, `request token`, `response access_token`, `response id_token`, ...
   */
  where: string;
  /**
   * The token's fingerprint, as the redacted exchange shows it.
   */
  fingerprint: string;
  /**
   * The JOSE header.
   */
  header: {};
  /**
   * The claims (payload).
   */
  claims: {};
  /**
   * `verified` or `invalid` against the keys of the server that holds the recording (the mock's); `not-checked` where no key was at hand.
   */
  signature: 'verified' | 'invalid' | 'not-checked';
}
/**
 * One reason and its checks.
 */
export interface Items {
  /**
   * Why they were not judged.
   */
  reason: string;
  /**
   * The input that would let them be judged, where one would.
   */
  input?: string;
  /**
   * The checks.
   *
   * Items: A check id.
   */
  checks: string[];
}
