/* Generated from schemas/ by `npm run types`. Do not edit by hand. */

/**
 * One conformance check of the catalogue, shared by the suites and the report.
 */
export interface CheckDefinition {
  /**
   * Stable id; never reused for another meaning.
   */
  id: string;
  /**
   * How binding the requirement is, as its source states it (a profile rule naming the check may raise it).
   */
  level: 'MUST' | 'SHOULD' | 'MAY';
  /**
   * RFC section or seed document the check enforces.
   */
  source: string;
  /**
   * What the check asserts, in one line.
   */
  title: string;
  /**
   * Which suite runs it.
   */
  suite: 'server' | 'browser' | 'client';
}
