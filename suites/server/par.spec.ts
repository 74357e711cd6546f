// Pushed authorization requests (RFC 9126): the client posts its authorization request, authenticated
// as at the token endpoint (§2), gets a request_uri with 201 (§2.2) and sends the user with it once
// (§4); a server that takes requests only via PAR refuses any other (§5). Read over HTTP: where the
// authorization endpoint's answer is a page that is neither a login form nor an error, nothing is judged.
import { check, expect, type CheckContext } from '../fixtures.ts';
import { clientAuthentication, withAssertionAudience, type Confidential } from '../dpop.ts';
import { authorizeInBrowser, newVerifier, s256, type AuthorizeOutcome } from '../authorize.ts';
import { endpointUrl, requestScope, show } from '../support.ts';
import type { Reply } from '../http.ts';

const pushing = ['endpoint:par', 'endpoint:authorize', 'confidential-client', 'redirect-uri'] as const;

/** An authorization request as RFC 6749 §4.1.1 and RFC 7636 §4.3 shape it. */
function authorizationRequest(c: CheckContext, clientId: string, redirectUri: string): Record<string, string> {
  const scope = requestScope(c.target, 'authorization_code');
  return { response_type: 'code', client_id: clientId, redirect_uri: redirectUri, code_challenge: s256(newVerifier()), code_challenge_method: 'S256', state: `par-${crypto.randomUUID().slice(0, 8)}`, ...(scope ? { scope } : {}) };
}

/** §2.1: the request pushed with the client's authentication; an assertion names `aud` (default: as the profile's clients do). */
async function push(c: CheckContext, client: Confidential, redirectUri: string, label: string, o: { aud?: string; unauthenticated?: boolean } = {}): Promise<Reply> {
  const url = endpointUrl(c.target, 'par');
  const send = async (aud: string) => {
    const auth = o.unauthenticated ? { fields: { client_id: client.id } } : await clientAuthentication(c, client, aud);
    return { reply: await c.http.send('POST', url, { form: { ...authorizationRequest(c, client.id, redirectUri), ...auth.fields }, ...('basic' in auth && auth.basic ? { basic: auth.basic } : {}) }, label) };
  };
  if (o.aud !== undefined || o.unauthenticated || 'secret' in client) return (await send(o.aud ?? url)).reply;
  return (await withAssertionAudience(c, url, send)).reply;
}

/** What the authorization endpoint did with a request, read from its answer alone. */
function outcome(r: Reply): 'error' | 'proceeds' | 'unclear' {
  const location = r.headers.location;
  if (r.status >= 300 && r.status < 400 && location) {
    let target: URL;
    try {
      target = new URL(location, r.url);
    } catch {
      return 'unclear';
    }
    const params = new URLSearchParams(target.search || target.hash.slice(1));
    if (params.has('error')) return 'error';
    if (params.has('code')) return 'proceeds';
    // A redirect to the server's own login page: the request was taken.
    return target.origin === new URL(r.url).origin ? 'proceeds' : 'unclear';
  }
  if (r.status >= 400) return 'error';
  if (r.status === 200 && /<input[^>]+type=["']?password/i.test(r.text)) return 'proceeds';
  return 'unclear';
}

/** A pushed request that works: a refusal of anything else then says something. */
async function pushed(c: CheckContext, client: Confidential, redirectUri: string): Promise<string> {
  const reply = await push(c, client, redirectUri, 'a pushed authorization request');
  const uri = reply.body?.request_uri;
  if (reply.status !== 201 || typeof uri !== 'string') c.notJudged(`the server did not take a pushed request of an authenticated client (${reply.status} ${show(reply)}; judged by par.success)`);
  return uri as string;
}

check('par.success', { requires: [...pushing] }, async (c) => {
  const reply = await push(c, c.given.confidential, c.given.redirectUri, 'a pushed authorization request');
  expect(reply.status, `status of a pushed request: ${show(reply)}`).toBe(201);
  expect(typeof reply.body?.request_uri, 'request_uri in the response').toBe('string');
  expect(typeof reply.body?.expires_in, 'expires_in in the response (a number of seconds)').toBe('number');
});

check('par.client-authentication', { requires: [...pushing] }, async (c) => {
  await pushed(c, c.given.confidential, c.given.redirectUri);
  const reply = await push(c, c.given.confidential, c.given.redirectUri, 'the same request with the client_id alone, no authentication', { unauthenticated: true });
  expect([400, 401], `status without client authentication: ${show(reply)}`).toContain(reply.status);
  expect(reply.body?.error, 'error code').toBe('invalid_client');
});

check('par.assertion-audience', { requires: ['endpoint:par', 'endpoint:authorize', 'auth:private_key_jwt', 'jwt-client', 'redirect-uri'] }, async (c) => {
  const client = c.given.jwtClient;
  const reply = await push(c, client, c.given.redirectUri, 'a pushed request whose client assertion names the issuer as aud', { aud: c.target.issuer });
  if (reply.status !== 201) {
    // The control: the same request with the other values §2 names. Refused too, the refusal is not about aud.
    const url = endpointUrl(c.target, 'par');
    const others = [url, endpointUrl(c.target, 'token')];
    let taken = false;
    for (const aud of others) if (!taken) taken = (await push(c, client, c.given.redirectUri, `control: the same request with aud ${aud}`, { aud })).status === 201;
    if (!taken) c.notJudged(`the server took no pushed request of this client, whatever aud its assertion named (${reply.status} ${show(reply)}; judged by par.success)`);
  }
  expect(reply.status, `status for an assertion with aud ${c.target.issuer}: ${show(reply)}`).toBe(201);
});

/** What the browser was sent to and where it ended, as evidence beside the HTTP exchanges. */
function seen(c: CheckContext, url: string, o: AuthorizeOutcome): void {
  c.http.browserStep({ method: 'GET', url }, 'redirected' in o ? { status: 303, location: o.redirected.href } : { status: o.shown.status, text: o.shown.text });
}

check('par.single-use', { requires: [...pushing, 'user', 'login'] }, async (c) => {
  const uri = await pushed(c, c.given.confidential, c.given.redirectUri);
  const page = await c.openPage();
  const o = { clientId: c.given.confidential.id, redirectUri: c.given.redirectUri, requestUri: uri };
  // §4 lets a server take a request_uri again while the user reloads; once the authorization is done it is spent.
  const url = `${endpointUrl(c.target, 'authorize')}?${new URLSearchParams({ client_id: o.clientId, request_uri: uri })}`;
  const first = await authorizeInBrowser(page, c.target, o);
  seen(c, url, first);
  const code = 'redirected' in first ? first.redirected.searchParams.get('code') : null;
  if (!code) c.notJudged(`the authorization with the request_uri did not end in a code (${'redirected' in first ? first.redirected.href : `${first.shown.status} ${first.shown.text.slice(0, 200)}`}), so its second use says nothing`);
  const again = await authorizeInBrowser(page, c.target, o);
  seen(c, url, again);
  if ('shown' in again && again.shown.status > 0 && again.shown.status < 400) c.notJudged(`the second use was answered ${again.shown.status} with a page that is neither a login form nor an error; look at it in the evidence`);
  const refused = 'shown' in again ? again.shown.status >= 400 : again.redirected.searchParams.has('error');
  expect(refused, `the second use of a spent request_uri: ${'redirected' in again ? `redirected to ${again.redirected.href}` : `${again.shown.status} page`}`).toBe(true);
});

// Only the other client's id is presented (no authentication at the authorization endpoint), so any
// second client the target names will do, one with a secret or one that signs its assertions.
check('par.other-client', { requires: [...pushing] }, async (c) => {
  const { limitedClientId, clientId, jwtClientId } = c.target.credentials;
  const other = [limitedClientId, clientId, jwtClientId].find((id) => id !== undefined && id !== c.given.confidential.id);
  if (!other) return c.notJudged('the target names only the client that pushes the request, and this check presents its request_uri with a second client’s client_id (limitedClientId)', 'limited-client');
  const uri = await pushed(c, c.given.confidential, c.given.redirectUri);
  const reply = await c.http.send('GET', `${endpointUrl(c.target, 'authorize')}?${new URLSearchParams({ client_id: other, request_uri: uri })}`, {}, 'the request_uri with another client’s client_id');
  const seen = outcome(reply);
  if (seen === 'unclear') c.notJudged(`the request was answered ${reply.status} with a page that is neither a login form nor an error; look at it in the evidence`);
  expect(seen, `another client’s use of the request_uri: ${reply.status} ${show(reply)}`).toBe('error');
});

check('par.expired', { requires: [...pushing, 'movable-clock'] }, async (c) => {
  const reply = await push(c, c.given.confidential, c.given.redirectUri, 'a pushed authorization request');
  const uri = reply.body?.request_uri;
  const lifetime = reply.body?.expires_in;
  if (reply.status !== 201 || typeof uri !== 'string' || typeof lifetime !== 'number') c.notJudged(`the server did not take a pushed request of an authenticated client (${reply.status} ${show(reply)}; judged by par.success)`);
  await c.given.advanceClock((lifetime as number) + 1);
  const late = await c.http.send('GET', `${endpointUrl(c.target, 'authorize')}?${new URLSearchParams({ client_id: c.given.confidential.id, request_uri: uri as string })}`, {}, `the request_uri ${(lifetime as number) + 1} s later, past its expires_in`);
  const seen = outcome(late);
  if (seen === 'unclear') c.notJudged(`the late request_uri was answered ${late.status} with a page that is neither a login form nor an error; look at it in the evidence`);
  expect(seen, `a request_uri past its expires_in: ${late.status} ${show(late)}`).toBe('error');
});

check('par.required', { requires: ['par-required', 'endpoint:par', 'endpoint:authorize', 'confidential-client', 'redirect-uri'] }, async (c) => {
  const client = c.given.confidential;
  await pushed(c, client, c.given.redirectUri);
  const reply = await c.http.send('GET', `${endpointUrl(c.target, 'authorize')}?${new URLSearchParams(authorizationRequest(c, client.id, c.given.redirectUri))}`, {}, 'an authorization request that was not pushed');
  const seen = outcome(reply);
  if (seen === 'unclear') c.notJudged(`the request was answered ${reply.status} with a page that is neither a login form nor an error; look at it in the evidence`);
  expect(seen, `an authorization request that was not pushed: ${reply.status} ${show(reply)}`).toBe('error');
});
