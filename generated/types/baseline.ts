/* Generated from schemas/ by `npm run types`. Do not edit by hand. */

/**
 * The outcome expected of each check on one target, with the reason it is accepted: `check --baseline FILE` passes when every judged check matches and fails only on a new failure; `check --write-baseline FILE` writes one from a run.
 */
export interface Baseline {
  /**
   * This schema's location, for editors.
   */
  $schema?: string;
  /**
   * What the baseline was recorded against (a server and its version, say).
   */
  target?: string;
  /**
   * How the outcomes were read: who judged them against the quoted sentences, and when.
   */
  description?: string;
  /**
   * Check id to its expected outcome.
   */
  checks: {
    [k: string]: Entry | undefined;
  };
}
/**
 * One check's expected outcome.
 */
export interface Entry {
  /**
   * The outcome the run is expected to give: judged (pass, fail, warn), not judged, or not applicable.
   */
  outcome: 'pass' | 'fail' | 'warn' | 'not-judged' | 'not-applicable';
  /**
   * The level the check had when recorded.
   */
  level?: 'MUST' | 'SHOULD' | 'MAY';
  /**
   * Why: for a failure or warning, the accepted deviation in words; for a check not judged or not applicable, the reason the run gives.
   */
  reason?: string;
}
