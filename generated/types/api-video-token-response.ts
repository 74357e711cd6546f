/* Generated from schemas/ by `npm run types`. Do not edit by hand. */

/**
 * api.video's answer to `POST /auth/api-key` and `POST /auth/refresh` (seeds 001 and 004): always a Bearer JWT for 3600 s with a refresh token.
 */
export interface ApiVideoTokenResponse {
  /**
   * Always `Bearer`.
   */
  token_type: string;
  /**
   * The access token lives 3600 seconds (seed 001).
   */
  expires_in: 3600;
  /**
   * A JWT (seed 001: 'The access_token is a JWT encoded token').
   */
  access_token: string;
  /**
   * The refresh token for `POST /auth/refresh`.
   */
  refresh_token: string;
}
