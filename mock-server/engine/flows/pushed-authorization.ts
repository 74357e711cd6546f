// RFC 9126 pushed authorization requests: the client posts its authorization request to the PAR
// endpoint, authenticated as at the token endpoint (§2), and sends the user with the request_uri it
// gets back (§4). The request_uri seals the request itself, so no store holds it and any instance
// sharing keys can expand it; its single use is kept in the store (§4: "one-time use").
import type { EngineContext } from '../core/context.ts';
import { randomToken } from '../core/context.ts';
import type { Reply } from '../core/call.ts';
import type { FlowInput } from '../core/flow-input.ts';
import { OAuthError, invalidRequest } from '../core/oauth-error.ts';
import { json, noStore, type Params } from '../core/params.ts';
import { defect } from '../core/defects.ts';
import { requestTerms, trustedRedirect } from './authorization-request.ts';
import { dpopError, proofHeader, verifyProof } from '../tokens/dpop.ts';
import { seal, unseal } from '../tokens/sealed.ts';

// RFC 9126 §2.2: "request_uri ... The format of this value is at the discretion of the authorization server".
const urnPrefix = 'urn:ietf:params:oauth:request_uri:';
// The sealed request must fit a URL and the seal's own limit.
const maxPushedChars = 2500;

/** §2.1: the request, checked as an authorization request would be, answered 201 with its request_uri (§2.2). */
export async function pushAuthorizationRequest(ctx: EngineContext, input: FlowInput): Promise<Reply> {
  const { params, client } = input;
  if (!client) throw invalidRequest('client authentication is required (RFC 9126 §2)');
  // §2.1: "The request_uri authorization request parameter is one exception, and it MUST NOT be provided."
  if (params.has('request_uri')) throw invalidRequest('request_uri must not be pushed (RFC 9126 §2.1)');
  if (params.has('request')) throw invalidRequest('request objects are not supported here; push the parameters themselves');
  const trusted = trustedRedirect(ctx, client, params);
  if (typeof trusted === 'string') throw invalidRequest(trusted);
  const terms = requestTerms(ctx, input.issuer, client, params);
  if ('problem' in terms) throw new OAuthError(terms.problem.error, terms.problem.description);
  const pushed = new Map(params);
  pushed.set('client_id', client.clientId);
  // RFC 9449 §10.1: a proof sent with the pushed request binds the code as dpop_jkt would.
  if (ctx.profile.dpop) {
    const site = { method: input.request.method, url: input.request.origin + input.request.path, at: 'server' as const };
    const header = proofHeader(input.request.headers, site);
    if (header !== undefined) {
      const { jkt } = await verifyProof(ctx, header, site);
      if (terms.ok.dpopJkt !== undefined && terms.ok.dpopJkt !== jkt) throw dpopError(site, 'invalid_dpop_proof', 'dpop_jkt names another key than the DPoP proof’s (RFC 9449 §10.1)');
      pushed.set('dpop_jkt', jkt);
    }
  }
  const entries = [...pushed].filter(([k]) => k !== 'client_secret' && k !== 'client_assertion' && k !== 'client_assertion_type');
  if (JSON.stringify(entries).length > maxPushedChars) throw invalidRequest(`the pushed request is longer than the ${maxPushedChars} characters this mock keeps`);
  const lifetime = ctx.profile.par!.requestUriLifetime;
  const exp = ctx.clock.nowSeconds() + lifetime;
  const sealed = await seal(await ctx.sealKey(), { k: 'p', c: client.clientId, e: exp, j: randomToken(12), p: entries });
  return { ...json(defect(ctx, 'par-created-200') ? 200 : 201, { request_uri: `${urnPrefix}${sealed}`, expires_in: lifetime }, { ...noStore }), kind: 'pushed' };
}

/**
 * §4: the pushed request a request_uri names, for the client it was pushed by, unexpired and not used
 * before; otherwise why not (shown as a page: nothing of the request can be trusted to redirect to).
 */
export async function pushedRequest(ctx: EngineContext, requestUri: string, clientId: string): Promise<Params | string> {
  const opened = requestUri.startsWith(urnPrefix) ? await unseal(await ctx.sealKey(), requestUri.slice(urnPrefix.length)) : undefined;
  if (!opened || opened.k !== 'p' || typeof opened.j !== 'string' || typeof opened.e !== 'number' || !Array.isArray(opened.p)) return 'request_uri is not one this server issued (RFC 9126 §4)';
  // §4: the client_id of the authorization request must be the pushing client's.
  if (opened.c !== clientId && !defect(ctx, 'par-any-client')) return 'request_uri was pushed by another client (RFC 9126 §4)';
  const now = ctx.clock.nowSeconds();
  // §4: "An expired request_uri MUST be rejected as invalid." (the defect takes it all the same)
  if (opened.e <= now && !defect(ctx, 'par-expiry-ignored')) return 'request_uri has expired; push the request again (RFC 9126 §2.2 expires_in)';
  if (!defect(ctx, 'par-request-uri-reusable') && !(await ctx.store.useOnce(`par|${opened.j}`, opened.e, now))) return 'request_uri has been used already; push the request again (RFC 9126 §4)';
  const params: Params = new Map();
  for (const e of opened.p as unknown[]) if (Array.isArray(e) && typeof e[0] === 'string' && typeof e[1] === 'string') params.set(e[0], e[1]);
  return params;
}
