/* Generated from schemas/ by `npm run types`. Do not edit by hand. */

/**
 * An RFC 9457 problem details body, as api.video answers errors of its auth endpoints.
 */
export interface Problem {
  /**
   * URI naming the problem type.
   */
  type: string;
  /**
   * Short summary of the problem.
   */
  title: string;
  /**
   * The HTTP status code.
   */
  status: number;
  /**
   * Explanation of this occurrence.
   */
  detail?: string;
  /**
   * The request field at fault, where one is (api.video).
   */
  name?: string;
}
