// Protected resources that announce themselves (RFC 9728), resource indicators (RFC 8707), client
// registration (RFC 7591, Client ID Metadata Documents) and the MCP endpoint, checked the way an MCP
// client meets them: from the 401, through the metadata, to the authorization server.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { newVerifier, s256 } from '../authorize.ts';
import { check, expect, type CheckContext } from '../fixtures.ts';
import { audienceOf, discover, initializeBody, mcpHeaders, metadataUrlFor, resourceId, resourceScope, sameResource, serverMetadata, tokenFor } from '../protected-resource.ts';
import { directGrant, endpointUrl, expectSchema, grantFields, parseChallenge, postGrant, reachable, resourceUrl, show } from '../support.ts';

const revisionOf = (c: CheckContext) => c.target.profile.mcp?.revision ?? '2025-11-25';

/** Where a token is tried at the protected resource: the MCP endpoint (initialize), else a resource under it. */
async function callProtected(c: CheckContext, token: string | undefined, label: string) {
  const t = c.target;
  const auth: Record<string, string> = token === undefined ? {} : { authorization: `Bearer ${token}` };
  if (t.profile.mcp) return initialize(c, token, revisionOf(c), {}, label);
  const r = reachable(t) ?? t.profile.resources[0];
  if (!r) return c.notJudged('the profile names no protected resource to call', 'resource-path');
  return c.http.send(r.method ?? 'GET', resourceUrl(t, r), { headers: auth }, label);
}

check('prm.metadata', { requires: ['protected-resource'] }, async (c) => {
  const r = await c.http.send('GET', metadataUrlFor(resourceId(c.target)), {}, 'protected resource metadata');
  expect(r.status, show(r)).toBe(200);
  expectSchema(r.body, 'protected-resource-metadata', 'protected resource metadata');
  expect((r.body?.authorization_servers as unknown[] | undefined)?.length ?? 0, 'authorization_servers names at least one server').toBeGreaterThan(0);
});

check('prm.resource-matches', { requires: ['protected-resource'] }, async (c) => {
  const id = resourceId(c.target);
  const r = await c.http.send('GET', metadataUrlFor(id), {}, 'protected resource metadata');
  expect(r.status, show(r)).toBe(200);
  expect(r.body?.resource, `resource of the metadata at ${metadataUrlFor(id)}`).toBe(id);
});

check('prm.challenge', { requires: ['protected-resource'] }, async (c) => {
  const r = await callProtected(c, undefined, 'no token');
  expect(r.status, show(r)).toBe(401);
  const pointed = parseChallenge(r.headers['www-authenticate'])?.params.resource_metadata;
  expect(pointed, `resource_metadata in WWW-Authenticate (${r.headers['www-authenticate'] ?? 'none'})`).toBeTruthy();
  const doc = await c.http.send('GET', pointed!, {}, 'the metadata the challenge names');
  expect(doc.status, show(doc)).toBe(200);
  expect(sameResource(String(doc.body?.resource), resourceId(c.target)), `it describes ${resourceId(c.target)} (resource ${String(doc.body?.resource)})`).toBe(true);
});

check('prm.authorization-servers', { requires: ['protected-resource'] }, async (c) => {
  const r = await c.http.send('GET', metadataUrlFor(resourceId(c.target)), {}, 'protected resource metadata');
  expect(r.status, show(r)).toBe(200);
  for (const issuer of (r.body?.authorization_servers as unknown[] | undefined) ?? []) {
    const as = await serverMetadata(c, String(issuer));
    expect(as.issuer, 'issuer identical to the listed identifier (RFC 8414 §3.3)').toBe(String(issuer));
    expect(as.code_challenge_methods_supported as unknown[] | undefined, 'code_challenge_methods_supported lists S256 (MCP: clients refuse to proceed otherwise)').toContain('S256');
  }
});

check('resource-indicator.audience', { requires: ['resource-indicators', 'token'] }, async (c) => {
  const pr = c.given.resourceIndicators;
  // Another resource than the default audience where there is one: a server that ignores resource
  // would otherwise pass by minting its default.
  const id = c.target.otherResource ?? pr.accepted?.[0] ?? (c.target.profile.protectedResource ? resourceId(c.target) : undefined);
  if (!id) return c.notJudged('the profile names no resource to ask for', 'other-resource');
  const issued = await tokenFor(c, id);
  const aud = await audienceOf(c, issued.accessToken);
  if (aud === undefined) return c.notJudged('the token is opaque and there is no introspection to read its audience', 'client');
  expect(aud.some((a) => sameResource(a, id)), `the token's audience ${JSON.stringify(aud)} names ${id}`).toBe(true);
});

check('resource-indicator.invalid-target', { requires: ['resource-indicators', 'token'] }, async (c) => {
  const g = c.given.direct;
  const fields = grantFields(c.target, g) as Record<string, string>;
  const r = await postGrant(c.http, c.target, g, { ...fields, resource: 'https://unknown.oauth-conformance.invalid/api' }, 'full', undefined, 'token for a resource the server does not serve');
  expect(r.status, show(r)).toBe(400);
  expect(r.body?.error, 'error').toBe('invalid_target');
});

check('resource-indicator.audience-enforced', { requires: ['protected-resource', 'token'] }, async (c) => {
  const other = c.target.otherResource ?? c.target.profile.resourceIndicators?.accepted?.[0];
  if (!other) return c.notJudged('the target names no other resource the server mints tokens for (otherResource)', 'other-resource');
  const issued = await tokenFor(c, other);
  const aud = await audienceOf(c, issued.accessToken);
  if (aud !== undefined && !aud.some((a) => sameResource(a, other))) c.notJudged(`the server did not mint a token for ${other} (its audience is ${JSON.stringify(aud)}; see resource-indicator.audience)`);
  const r = await callProtected(c, issued.accessToken, `a token minted for ${other}`);
  expect(r.status, `status for a token of another audience: ${show(r)}`).toBe(401);
  await resourcesRefuseTheEndpointsToken(c);
});

/**
 * RFC 9068 §4 and RFC 8707: in a profile with resource indicators each of its resources is an audience
 * of its own, so a token minted for the MCP endpoint (the protected resource) is refused at the
 * others. Tried where the grant gives such a token with the resource's scope; otherwise nothing more is asked.
 */
async function resourcesRefuseTheEndpointsToken(c: CheckContext): Promise<void> {
  const t = c.target;
  const g = directGrant(t);
  const fields = g && grantFields(t, g);
  if (!t.profile.resourceIndicators || !g || typeof fields === 'string' || !fields) return;
  const endpoint = resourceId(t);
  for (const r of t.profile.resources.filter((x) => resourceUrl(t, x) !== endpoint).slice(0, 1)) {
    const scope = [...new Set([resourceScope(t), ...(r.scopes ?? [])].filter((x): x is string => Boolean(x) && t.profile.scopes.supported.includes(x!)))].join(' ');
    const issued = await postGrant(c.http, t, g, { ...fields, resource: endpoint, ...(scope ? { [g.fields.scope]: scope } : {}) }, 'full', undefined, `a token for ${endpoint}, with the scope ${r.path} needs`);
    const token = issued.body?.access_token;
    if (issued.status !== 200 || typeof token !== 'string') return;
    const aud = await audienceOf(c, token);
    if (aud !== undefined && aud.some((a) => sameResource(a, resourceUrl(t, r)))) return;
    const method = r.method ?? 'GET';
    const res = await c.http.send(method, resourceUrl(t, r), { bearer: token, ...(method === 'GET' ? {} : { json: {} }) }, `${method} ${r.path} with the token minted for ${endpoint}`);
    // A path the server does not serve showed no token handling (callResource's rule): nothing more to judge.
    if (res.status === 404 || res.status === 405) return;
    expect(res.status, `${r.path} refuses a token whose audience is ${endpoint} (RFC 9068 §4: "the resource server MUST validate that the aud claim contains a resource indicator value corresponding to an identifier the resource server expects for itself"): ${show(res)}`).toBe(401);
  }
}

async function registrationUrl(c: CheckContext): Promise<string> {
  const t = c.target;
  if (t.profile.endpoints.clientRegistration) return endpointUrl(t, 'clientRegistration');
  const as = t.profile.endpoints.metadata ? (await c.http.send('GET', endpointUrl(t, 'metadata'), {}, 'metadata')).body : undefined;
  if (typeof as?.registration_endpoint !== 'string') return c.notApplicable('the profile has no clientRegistration endpoint and the metadata names none');
  return String(as.registration_endpoint);
}

const registrationRedirect = (c: CheckContext) => c.target.redirectUri ?? 'http://127.0.0.1:8765/callback';

check('registration.success', { requires: [] }, async (c) => {
  const url = await registrationUrl(c);
  const redirect = registrationRedirect(c);
  const r = await c.http.send('POST', url, { json: { client_name: 'oauth-conformance check', redirect_uris: [redirect], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], token_endpoint_auth_method: 'none' } }, 'register a public client');
  expect(r.status, show(r)).toBe(201);
  expect(r.headers['content-type'] ?? '', 'JSON').toMatch(/application\/json/);
  expect(typeof r.body?.client_id, 'client_id').toBe('string');
  // RFC 7591 §3.2.1: the server "MAY reject or replace any of the client's requested metadata values";
  // a secret means it registered a confidential client instead, and must then say which method.
  if (r.body?.client_secret !== undefined) expect(r.body?.token_endpoint_auth_method ?? 'client_secret_basic', 'a client issued a secret is registered with a method that uses it (RFC 7591 §3.2.1)').not.toBe('none');
  expect(r.body?.redirect_uris, 'the registered redirect_uris').toEqual([redirect]);
  if (!c.target.profile.endpoints.authorize) return;
  const q = new URLSearchParams({ response_type: 'code', client_id: String(r.body!.client_id), redirect_uri: redirect, code_challenge: s256(newVerifier()), code_challenge_method: 'S256', state: 'registered' });
  const a = await c.http.send('GET', `${endpointUrl(c.target, 'authorize')}?${q}`, {}, 'authorization request of the registered client');
  expect(a.status < 400, `the registered client can start an authorization (status ${a.status}): ${show(a)}`).toBe(true);
});

check('registration.invalid-redirect-uri', { requires: [] }, async (c) => {
  const url = await registrationUrl(c);
  for (const bad of ['javascript:alert(document.domain)//', 'http://attacker.oauth-conformance.invalid/callback']) {
    const r = await c.http.send('POST', url, { json: { client_name: 'oauth-conformance check', redirect_uris: [bad], token_endpoint_auth_method: 'none' } }, `register ${bad.split(':')[0]} redirect URI`);
    expect(r.status, `${bad}: ${show(r)}`).toBe(400);
    expect(r.body?.error, `${bad}: error`).toBe('invalid_redirect_uri');
  }
});

check('registration.invalid-metadata', { requires: [] }, async (c) => {
  const url = await registrationUrl(c);
  const r = await c.http.send('POST', url, { json: { client_name: 'oauth-conformance check', redirect_uris: [registrationRedirect(c)], token_endpoint_auth_method: 'oauth-conformance-unknown-method' } }, 'register an unknown auth method');
  if (r.status === 201) {
    expect(r.body?.token_endpoint_auth_method, 'a server that registers anyway says what it registered instead (RFC 7591 §3.2.1)').not.toBe('oauth-conformance-unknown-method');
    return;
  }
  expect(r.status, show(r)).toBe(400);
  expect(r.body?.error, 'error').toBe('invalid_client_metadata');
});

/** Serves client metadata documents on 127.0.0.1 for the duration of a check. */
async function serveDocuments(docs: (base: string) => Record<string, unknown>): Promise<{ base: string; close: () => Promise<void> }> {
  let base = '';
  const server = createServer((req, res) => {
    const doc = docs(base)[req.url ?? ''];
    res.writeHead(doc ? 200 : 404, { 'content-type': 'application/json' });
    res.end(doc ? JSON.stringify(doc) : '{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function cimdReady(c: CheckContext): void {
  if (!c.target.profile.clientIdMetadataDocuments) c.notApplicable('the profile does not accept Client ID Metadata Documents');
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(new URL(c.target.baseUrl).hostname)) c.notJudged('the suite serves metadata documents on 127.0.0.1, which only a server on this machine can fetch');
}

async function authorizeWith(c: CheckContext, clientId: string, redirect: string, label: string) {
  const q = new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: redirect, code_challenge: s256(newVerifier()), code_challenge_method: 'S256', state: 'cimd' });
  return c.http.send('GET', `${endpointUrl(c.target, 'authorize')}?${q}`, {}, label);
}

/** Whether an authorization response let the flow go on: a page (login) or a redirect to `redirect` without an error. */
function continued(r: { status: number; headers: Record<string, string> }, redirect: string): boolean {
  if (r.status >= 200 && r.status < 300) return true;
  const location = r.headers.location;
  if (r.status < 300 || r.status >= 400 || !location) return false;
  const back = new URL(location, 'http://x.invalid');
  return back.href.startsWith(redirect) && !back.searchParams.get('error');
}

check('cimd.advertised', { requires: [] }, async (c) => {
  if (!c.target.profile.clientIdMetadataDocuments) c.notApplicable('the profile does not accept Client ID Metadata Documents');
  const as = await serverMetadata(c, c.target.issuer);
  expect(as.client_id_metadata_document_supported, 'client_id_metadata_document_supported').toBe(true);
});

check('cimd.client-id-mismatch', { requires: ['endpoint:authorize'] }, async (c) => {
  cimdReady(c);
  const redirect = 'http://127.0.0.1:8765/callback';
  const docs = await serveDocuments((base) => ({ '/client.json': { client_id: `${base}/another-client.json`, client_name: 'mismatched', redirect_uris: [redirect], token_endpoint_auth_method: 'none' } }));
  try {
    const r = await authorizeWith(c, `${docs.base}/client.json`, redirect, 'client_id whose document names another client_id');
    expect(continued(r, redirect), `the flow went on for a document naming another client_id (status ${r.status}, location ${r.headers.location ?? 'none'})`).toBe(false);
  } finally {
    await docs.close();
  }
});

check('cimd.redirect-uris', { requires: ['endpoint:authorize'] }, async (c) => {
  cimdReady(c);
  const listed = 'http://127.0.0.1:8765/callback';
  const unlisted = 'http://127.0.0.1:8765/not-in-the-document';
  const docs = await serveDocuments((base) => ({ '/client.json': { client_id: `${base}/client.json`, client_name: 'oauth-conformance check', redirect_uris: [listed], token_endpoint_auth_method: 'none' } }));
  try {
    const ok = await authorizeWith(c, `${docs.base}/client.json`, listed, 'the document’s own redirect URI');
    expect(continued(ok, listed), `the flow goes on to the listed redirect URI (status ${ok.status}): ${show(ok)}`).toBe(true);
    const bad = await authorizeWith(c, `${docs.base}/client.json`, unlisted, 'a redirect URI the document does not list');
    expect((bad.headers.location ?? '').startsWith(unlisted), 'never redirected to a redirect URI the document does not list').toBe(false);
    expect(bad.status >= 400, `refused (status ${bad.status})`).toBe(true);
  } finally {
    await docs.close();
  }
});

check('mcp.unauthorized', { requires: ['mcp'] }, async (c) => {
  const none = await callProtected(c, undefined, 'initialize without a token');
  expect(none.status, show(none)).toBe(401);
  expect(parseChallenge(none.headers['www-authenticate'])?.scheme, 'a Bearer challenge').toBe('bearer');
  const bad = await callProtected(c, 'oauth-conformance-invalid-token', 'initialize with an invalid token');
  expect(bad.status, show(bad)).toBe(401);
});

check('mcp.unauthorized.no-error-code', { requires: ['mcp'] }, async (c) => {
  const none = await callProtected(c, undefined, 'initialize without a token');
  expect(none.status, show(none)).toBe(401);
  expect(parseChallenge(none.headers['www-authenticate'])?.params.error, `no error code (${none.headers['www-authenticate'] ?? 'no challenge'})`).toBeUndefined();
});

/** The JSON-RPC message of a Streamable HTTP answer: JSON, or the first `data:` line of an event stream. */
function rpcMessage(r: { headers: Record<string, string>; text: string; body: Record<string, unknown> | undefined }): Record<string, unknown> | undefined {
  if (!(r.headers['content-type'] ?? '').includes('text/event-stream')) return r.body;
  try {
    return JSON.parse(r.text.split('\n').find((l) => l.startsWith('data:'))?.slice(5) ?? '{}') as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** initialize at the MCP endpoint, asking for `version`, with the token (if any) and headers given. */
async function initialize(c: CheckContext, token: string | undefined, version: string, headers: Record<string, string>, label: string) {
  const body = JSON.parse(initializeBody(version)) as unknown;
  return c.http.send('POST', resourceId(c.target), { headers: { accept: mcpHeaders.accept, ...(token === undefined ? {} : { authorization: `Bearer ${token}` }), ...headers }, json: body }, label);
}

/** A token for the MCP endpoint, asked for directly: how a client discovers it is mcp.initialize's question. */
async function endpointToken(c: CheckContext): Promise<string> {
  return (await tokenFor(c, resourceId(c.target))).accessToken;
}

check('mcp.origin', { requires: ['mcp', 'token'] }, async (c) => {
  const token = await endpointToken(c);
  const plain = await initialize(c, token, revisionOf(c), {}, 'initialize without Origin');
  if (plain.status !== 200) return c.notJudged(`initialize with a token for the MCP server answered ${plain.status} (${show(plain)}): judged by mcp.initialize`);
  const evil = 'http://rebinding.oauth-conformance.invalid';
  const r = await initialize(c, token, revisionOf(c), { origin: evil }, `initialize from Origin ${evil}`);
  // 2025-06-18 asks servers to validate Origin but names no status; 2025-11-25 names 403.
  if (revisionOf(c) < '2025-11-25') expect(r.status >= 400 && r.status < 500, `a foreign Origin is refused (4xx): ${r.status} ${show(r)}`).toBe(true);
  else expect(r.status, `a foreign Origin is answered 403 Forbidden: ${show(r)}`).toBe(403);
});

// Protocol versions by revision, oldest first; a server of a revision speaks no later one.
const revisions = ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25', '2026-07-28'];

check('mcp.protocol-version', { requires: ['mcp', 'token'] }, async (c) => {
  const revision = revisionOf(c);
  const token = await endpointToken(c);
  const own = await initialize(c, token, revision, {}, `initialize asking for ${revision}`);
  if (own.status !== 200) return c.notJudged(`initialize with a token for the MCP server answered ${own.status} (${show(own)}): judged by mcp.initialize`);
  const ownResult = (rpcMessage(own)?.result ?? {}) as { protocolVersion?: unknown };
  expect(ownResult.protocolVersion, `asked for the revision’s own version ${revision}, the same comes back`).toBe(revision);
  const later = revisions.find((v) => v > revision) ?? '2099-01-01';
  const r = await initialize(c, token, later, {}, `initialize asking for ${later}, later than the profile’s revision`);
  expect(r.status, show(r)).toBe(200);
  const answered = String(((rpcMessage(r)?.result ?? {}) as { protocolVersion?: unknown }).protocolVersion ?? '(none)');
  expect(answered <= revision && /^\d{4}-\d{2}-\d{2}$/.test(answered), `asked for ${later}, a server of ${revision} answers a version it supports, no later than ${revision}: answered ${answered}`).toBe(true);
});

check('mcp.initialize', { requires: ['mcp', 'token'] }, async (c) => {
  const { prm } = await discover(c, revisionOf(c));
  // The resource the metadata names is the server's own statement: a token refused for it is the
  // server's failure along the path a client takes, judged here.
  const issued = await tokenFor(c, String(prm.resource ?? resourceId(c.target)), { judged: true });
  const r = await callProtected(c, issued.accessToken, 'initialize with a token for the MCP server');
  expect(r.status, show(r)).toBe(200);
  const result = (rpcMessage(r) as { result?: { protocolVersion?: string } } | undefined)?.result;
  expect(result?.protocolVersion, `an initialize result: ${show(r)}`).toBeTruthy();
});
