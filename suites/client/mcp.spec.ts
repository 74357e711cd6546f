// MCP clients: the mock plays the MCP server and its authorization server; the adapter's signIn
// connects as the client ordinarily does, the suite plays the user's browser, and the recorded
// traffic shows how the client got there.
import { startMockServer, type RecordedExchange } from '../../mock-server/index.ts';
import { sameResource } from '../protected-resource.ts';
import type { UserAgent } from './adapter.ts';
import { clientCheck, expect, metadataHosts, type ClientCheckContext } from './fixtures.ts';
import { mockUserAgent } from './user-agent.ts';

/** An MCP profile and a client the suite can drive through a sign-in, or the check is skipped saying which is missing. */
function mcpReady(c: ClientCheckContext): void {
  if (!c.profile.mcp || !c.context.mcp) c.notApplicable('the profile is not an MCP profile');
  if (!c.client.signIn) c.notApplicable('the adapter offers no signIn: the client is not driven as an MCP client');
}

/** The user's browser at a mock (this check's, or a second one) with the demo user. */
function userAt(c: ClientCheckContext, mockUrl = c.mock.url): UserAgent {
  const { username, password } = c.context.credentials;
  return mockUserAgent(mockUrl, { username: username ?? 'alice', password: password ?? 'alice-password' });
}

async function connect(c: ClientCheckContext): Promise<void> {
  mcpReady(c);
  const out = await c.client.signIn!(userAt(c));
  expect(out.accepted, `the client connected to the MCP server (${out.error ?? 'no error'})`).toBe(true);
}

const pathOf = (r: RecordedExchange) => r.path.split('?')[0]!;
const queryOf = (r: RecordedExchange) => new URLSearchParams(r.path.split('?')[1] ?? '');
/** Where the mock serves a profile endpoint (registration at RFC 7591's conventional path when the profile names none). */
const endpointPath = (c: ClientCheckContext, name: 'authorize' | 'token' | 'clientRegistration') => c.profile.basePath + (name === 'clientRegistration' ? (c.profile.endpoints.clientRegistration?.path ?? '/register') : c.profile.endpoints[name]!.path);
const isAuthorization = (c: ClientCheckContext) => (r: RecordedExchange) => r.method === 'GET' && pathOf(r) === endpointPath(c, 'authorize');
const isCodeExchange = (c: ClientCheckContext) => (r: RecordedExchange) => r.method === 'POST' && pathOf(r) === endpointPath(c, 'token') && /grant_type=authorization_code/.test(r.body);
const isRegistration = (c: ClientCheckContext) => (r: RecordedExchange) => r.method === 'POST' && pathOf(r) === endpointPath(c, 'clientRegistration');
const authorizations = (c: ClientCheckContext) => c.traffic().all.filter(isAuthorization(c));
const codeExchanges = (c: ClientCheckContext) => c.traffic().all.filter(isCodeExchange(c));
clientCheck('client.mcp.discovery', { requires: [] }, async (c) => {
  await connect(c);
  const all = c.traffic().all;
  const mcpPath = new URL(c.context.mcp!.url).pathname;
  const firstAuthorize = all.findIndex((r) => pathOf(r) === endpointPath(c, 'authorize'));
  const before = firstAuthorize < 0 ? all : all.slice(0, firstAuthorize);
  expect(before.some((r) => pathOf(r) === mcpPath && r.status === 401), 'it met the 401 of the MCP endpoint first').toBe(true);
  expect(before.some((r) => pathOf(r).startsWith('/.well-known/oauth-protected-resource') && r.status === 200), 'it fetched the protected resource metadata').toBe(true);
  expect(before.some((r) => /^\/\.well-known\/(oauth-authorization-server|openid-configuration)/.test(pathOf(r)) && r.status === 200), 'it fetched the authorization server metadata').toBe(true);
});

clientCheck('client.mcp.resource', { requires: [] }, async (c) => {
  await connect(c);
  const [auth] = authorizations(c);
  expect(auth, 'an authorization request').toBeTruthy();
  expect(sameResource(queryOf(auth!).get('resource') ?? '', c.context.mcp!.url), `resource on the authorization request (${queryOf(auth!).get('resource') ?? 'none'})`).toBe(true);
  const [exchange] = codeExchanges(c);
  expect(exchange, 'a code exchange').toBeTruthy();
  expect(sameResource(new URLSearchParams(exchange!.body).get('resource') ?? '', c.context.mcp!.url), `resource on the token request (${new URLSearchParams(exchange!.body).get('resource') ?? 'none'})`).toBe(true);
});

clientCheck('client.mcp.pkce', { requires: [] }, async (c) => {
  await connect(c);
  const [auth] = authorizations(c);
  expect(auth, 'an authorization request').toBeTruthy();
  expect(queryOf(auth!).get('code_challenge'), 'code_challenge').toBeTruthy();
  expect(queryOf(auth!).get('code_challenge_method'), 'code_challenge_method').toBe('S256');
  expect(codeExchanges(c)[0]?.body ?? '', 'code_verifier in the exchange').toMatch(/(^|&)code_verifier=/);
});

clientCheck('client.mcp.registration', { requires: [] }, async (c) => {
  await connect(c);
  const [auth] = authorizations(c);
  const clientId = queryOf(auth!).get('client_id') ?? '';
  const issued = c.traffic().all.filter((r) => isRegistration(c)(r) && r.status === 201).map((r) => {
    try {
      return String((JSON.parse(r.responseBody) as { client_id?: unknown }).client_id);
    } catch {
      return '';
    }
  });
  const known = clientId === c.context.credentials.clientId || issued.includes(clientId) || (Boolean(c.profile.clientIdMetadataDocuments) && /^https:\/\//.test(clientId));
  expect(known, `client_id ${clientId} is pre-registered, issued here (${issued.join(', ') || 'nothing registered'}) or a metadata document URL`).toBe(true);
});

clientCheck('client.mcp.client-id-metadata-document', { requires: [] }, async (c) => {
  mcpReady(c);
  if (!c.profile.clientIdMetadataDocuments) c.notApplicable(`the profile's authorization server does not advertise Client ID Metadata Documents (MCP ${c.profile.mcp!.revision} has none), so a client registers otherwise`);
  const url = c.context.mcp!.clientMetadataUrl;
  if (!url) c.notApplicable('the target names no clientMetadataUrl: the client is taken not to host a Client ID Metadata Document, so the order (metadata document before dynamic registration) does not apply to it');
  await connect(c);
  const all = c.traffic().all;
  const first = all.findIndex(isAuthorization(c));
  expect(first, 'an authorization request').toBeGreaterThanOrEqual(0);
  const registered = all.slice(0, first).filter(isRegistration(c));
  expect(registered.length, `dynamic client registrations before authorizing (${registered.length}): the server advertises client_id_metadata_document_supported`).toBe(0);
  expect(queryOf(all[first]!).get('client_id'), 'client_id is the metadata document URL').toBe(url);
});

clientCheck('client.mcp.application-type', { requires: [] }, async (c) => {
  mcpReady(c);
  if (c.profile.mcp!.revision < '2026-07-28') c.notApplicable(`MCP ${c.profile.mcp!.revision} asks for no application_type (2026-07-28 added it)`);
  await connect(c);
  const registrations = c.traffic().all.filter(isRegistration(c));
  if (!registrations.length) c.notJudged('the client did not register dynamically (pre-registered or a metadata document)');
  for (const r of registrations) {
    let sent: unknown;
    try {
      sent = (JSON.parse(r.body) as { application_type?: unknown }).application_type;
    } catch {
      sent = undefined;
    }
    expect(['native', 'web'], `application_type in the registration request (${JSON.stringify(sent) ?? 'absent'})`).toContain(sent);
  }
});

clientCheck('client.mcp.metadata-issuer', { requires: [] }, async (c) => {
  mcpReady(c);
  // The authorization server's metadata, as served, except its issuer: MCP 2026-07-28's own example.
  if (!c.profile.endpoints.metadata) c.notApplicable('the profile serves no authorization server metadata');
  const metadataPath = c.profile.basePath + c.profile.endpoints.metadata!.path;
  const real = (await (await fetch(`${c.mock.url}${metadataPath}`)).json()) as Record<string, unknown>;
  c.mock.admin.addFault({ method: 'GET', path: metadataPath, status: 200, body: { ...real, issuer: 'https://honest.example' } });
  const before = c.traffic().all.length; // the suite's own fetch above is not the client's
  await c.client.signIn!(userAt(c));
  const all = c.traffic().all.slice(before);
  const served = all.findIndex((r) => r.method === 'GET' && pathOf(r) === metadataPath);
  if (served < 0) c.notJudged('the client never fetched the authorization server metadata (see client.mcp.discovery)');
  const used = all.slice(served).filter((r) => isAuthorization(c)(r) || isRegistration(c)(r) || pathOf(r) === endpointPath(c, 'token'));
  expect(used.map((r) => `${r.method} ${pathOf(r)}`), `requests to the endpoints of metadata whose issuer (https://honest.example) is not the server it was fetched from (${c.mock.url})`).toEqual([]);
});

clientCheck('client.mcp.iss', { requires: [] }, async (c) => {
  mcpReady(c);
  if (c.profile.mcp!.revision < '2026-07-28') c.notApplicable(`MCP ${c.profile.mcp!.revision} does not have clients validate iss (2026-07-28 added it)`);
  const user = userAt(c);
  // The mock advertises authorization_response_iss_parameter_supported and sends iss; the user's
  // browser comes back with another server's iss, then with none: both are to be rejected.
  for (const [what, change] of [
    ['another server’s iss (https://honest.example)', (u: URL) => u.searchParams.set('iss', 'https://honest.example')],
    ['no iss, though the metadata advertises it', (u: URL) => u.searchParams.delete('iss')],
  ] as const) {
    const before = c.traffic().all.length;
    await c.client.signIn!(async (url) => {
      const back = new URL(await user(url));
      change(back);
      return back.href;
    });
    const after = c.traffic().all.slice(before);
    expect(after.some(isAuthorization(c)), `the client reached the authorization step (${what})`).toBe(true);
    const exchanged = after.filter(isCodeExchange(c));
    expect(exchanged.length, `code exchanges after an authorization response with ${what}`).toBe(0);
  }
});

clientCheck('client.mcp.token-per-server', { requires: [] }, async (c) => {
  await connect(c);
  // A second MCP server with its own authorization server (another mock, another issuer and keys).
  const second = await startMockServer({ profile: c.profile, port: 0, clientMetadataHosts: metadataHosts(c.context.mcp?.clientMetadataUrl) });
  try {
    const url = `${second.url}${c.profile.basePath}${c.profile.protectedResource!.path}`;
    const out = await c.client.signIn!(userAt(c, second.url), { mcpUrl: url });
    const mcpPath = new URL(url).pathname;
    // A token the second server did not issue is answered 401 invalid_token (a request without one gets a bare challenge).
    const foreign = second.admin.requests().filter((r) => r.path.split('?')[0] === mcpPath && r.status === 401 && /invalid_token/.test(r.responseHeaders['www-authenticate'] ?? ''));
    expect(foreign.length, `requests to the second server carrying a token it did not issue (${foreign.length})`).toBe(0);
    expect(out.accepted, `the client connected to the second server too (${out.error ?? 'no error'})`).toBe(true);
  } finally {
    await second.close();
  }
});
