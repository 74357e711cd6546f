// RFC 8693 from the client's side: a subject token from a direct grant, traded at the token endpoint.
// Every negative check first makes sure a correct exchange works for this client: a refusal of the
// broken request is judged only when the same request, made right, is taken.
import { tokenTypes, type ResolvedGrant } from '../lib/resolved-profile.ts';
import type { CheckContext } from './fixtures.ts';
import type { Reply } from './http.ts';
import { obtainToken, postGrant, show } from './support.ts';

export interface Exchanged {
  subject: string;
  /** The answer to a correct exchange of the subject token. */
  reply: Reply;
}

/** §2.1: one exchange request; fields are sent as given (a check leaves out what it judges). */
export function exchange(c: CheckContext, g: ResolvedGrant, fields: Record<string, string>, label: string): Promise<Reply> {
  return postGrant(c.http, c.target, g, fields, 'full', undefined, label);
}

/** The subject token type the checks present: an access token, where the profile takes one. */
export function accessTokenType(c: CheckContext): string {
  const accepted = c.target.profile.tokenExchange?.subjectTokenTypes ?? [tokenTypes.access_token];
  if (!accepted.includes(tokenTypes.access_token)) c.notApplicable('the profile’s token exchange takes no access token as subject_token');
  return tokenTypes.access_token;
}

/**
 * A subject token and a correct exchange of it. `judged`: the check judges this answer itself;
 * otherwise a refusal means the behaviour the check judges was never reached, and it is not judged.
 */
export async function correctExchange(c: CheckContext, g: ResolvedGrant, judged = false): Promise<Exchanged> {
  const type = accessTokenType(c);
  const { accessToken } = await obtainToken(c);
  const reply = await exchange(c, g, { subject_token: accessToken, subject_token_type: type }, 'token exchange');
  if (!judged && reply.status !== 200) {
    c.notJudged(`the server refused a correct token exchange for this client (${reply.status} ${show(reply)}), so a refusal of a broken one says nothing; give a client it lets exchange tokens`);
  }
  if (judged && reply.status >= 400 && reply.status < 500 && typeof reply.body?.error === 'string' && ['unauthorized_client', 'access_denied', 'invalid_scope'].includes(reply.body.error)) {
    // A policy refusal of this client or its token is not a protocol error; nothing was exchanged to judge.
    c.notJudged(`the server refused to exchange this client’s token by policy (${reply.status} ${show(reply)}); give a client it lets exchange tokens`);
  }
  return { subject: accessToken, reply };
}

/** The claims of a JWT, unverified (the check reads what the server says it issued), or undefined. */
export function jwtClaims(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const v = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as unknown;
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
