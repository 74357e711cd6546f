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
  /**
   * The sentence the check enforces, word for word, and where it stands.
   */
  quote: {
    /**
     * The document: an RFC, the OAuth 2.1 draft, a seed document, or `profile` for a promise only a profile makes.
     */
    spec: string;
    /**
     * Section of that document (or the profile field that declares the promise).
     */
    section: string;
    /**
     * The words themselves.
     */
    text: string;
  };
  /**
   * Why the level is what it is when the quoted sentence carries no BCP 14 keyword of that level (behaviour the document states as fact, a rule addressed to the other party, or one that binds only some clients).
   */
  reading?: string;
  /**
   * A profile field that makes the check binding at MUST where the profile declares it (e.g. `refreshToken.policy`), named in the report when it applies.
   */
  raisedBy?: string;
}
