// Errors as data: a flow throws an OAuthError; one function per wire style turns it into a Response.

/** Where the error is answered, which decides its wire shape. */
export type ErrorStyle = 'oauth' | 'problem' | 'bearer';

export class OAuthError extends Error {
  readonly code: string;
  readonly status: number;
  readonly headers: Record<string, string>;
  /** For insufficient_scope: the scope the resource needs (RFC 6750 §3). */
  readonly scope: string | undefined;
  /** At a protected resource: the challenge's scheme when it is not Bearer (RFC 9449 §7.1: DPoP). */
  readonly challenge: 'DPoP' | undefined;
  constructor(code: string, description: string, opts: { status?: number; headers?: Record<string, string>; scope?: string; challenge?: 'DPoP' } = {}) {
    super(description);
    this.code = code;
    this.status = opts.status ?? 400;
    this.headers = opts.headers ?? {};
    this.scope = opts.scope;
    this.challenge = opts.challenge;
  }
}

export const invalidRequest = (d: string) => new OAuthError('invalid_request', d);
export const invalidGrant = (d: string) => new OAuthError('invalid_grant', d);
export const invalidScope = (d: string) => new OAuthError('invalid_scope', d);
export const unauthorizedClient = (d: string) => new OAuthError('unauthorized_client', d);
export const unsupportedGrantType = (d: string) => new OAuthError('unsupported_grant_type', d);

/**
 * RFC 6749 §5.2 allows only %x20-21 / %x23-5B / %x5D-7E in error_description. The section sign our
 * messages cite rules with is spelled out; anything else outside the set becomes an apostrophe.
 */
export function asciiDescription(text: string): string {
  return text.replace(/§\s*/g, 'section ').replace(/[^\x20\x21\x23-\x5B\x5D-\x7E]/g, "'");
}

export interface ProblemOptions {
  typeBase: string;
}

/** Problem-details slugs for the api.video-style endpoints, by OAuth code. */
const problemSlugs: Record<string, string> = {
  invalid_request: 'invalid-request',
  invalid_grant: 'authentication-invalid-credentials',
  invalid_client: 'authentication-invalid-credentials',
  invalid_scope: 'invalid-scope',
  unauthorized_client: 'authentication-invalid-credentials',
  unsupported_grant_type: 'invalid-request',
};

export function errorBody(err: OAuthError, style: ErrorStyle, problem?: ProblemOptions): Record<string, unknown> {
  if (style === 'problem') {
    return { type: `${problem?.typeBase ?? 'about:blank#'}${problemSlugs[err.code] ?? err.code.replace(/_/g, '-')}`, title: asciiDescription(err.message), status: err.status, name: err.code };
  }
  return { error: err.code, error_description: asciiDescription(err.message) };
}
