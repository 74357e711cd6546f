// Client suite fixtures: a fresh built-in mock per check (state and clock are the check's own), the
// client under test built by its adapter, and the mock's recorded traffic to judge it by.
import { pathToFileURL } from 'node:url';
import { expect, type TestInfo } from '@playwright/test';
import { base } from '../playwright-base.ts';
import type { ResolvedProfile } from '../../lib/resolved-profile.ts';
import { loadTarget, type ResolvedTarget } from '../../lib/targets.ts';
import { generateSigningKey, startMockServer, type MockServer, type RecordedExchange, type SigningKey } from '../../mock-server/index.ts';
import type { CheckId } from '../catalogue.ts';
import { endUnjudged, judgedAt, notApplicable, notJudged } from '../checks/outcomes.ts';
import { evaluateOnProfile, type Given, type InputName, type Requirement } from '../checks/requirements.ts';
import { adapterBroken } from '../unjudged.ts';
import { declareForRuns, definition, expectFailureOf, inWords, levelAnnotations, perRun, runOf } from '../fixtures.ts';
import type { RunSpec } from '../run-spec.ts';
import type { AdapterContext, ClientUnderTest, CreateClient } from './adapter.ts';

export interface ClientEnv {
  profile: ResolvedProfile;
  mock: MockServer;
  client: ClientUnderTest;
  context: AdapterContext;
  /** Recorded exchanges, split by where they went. */
  traffic(): { token: RecordedExchange[]; api: RecordedExchange[]; all: RecordedExchange[] };
}

/** What one client run needs, made once per worker (a grouped project's runs each have their own). */
interface ClientRun {
  spec: RunSpec;
  target: ResolvedTarget;
  /** One key per run: a fresh mock per check must not wait for RSA key generation each time. */
  key: SigningKey;
  /** The adapter's factory, or why its module did not load: imported once, not per check. */
  create: CreateClient | { broken: string };
}

async function openClientRun(spec: RunSpec): Promise<ClientRun> {
  const target = loadTarget(spec.client!);
  const key = await generateSigningKey(target.profile.accessToken.jwt?.algs?.includes('ES256') ? 'ES256' : 'RS256');
  return { spec, target, key, create: await loadAdapter(target.adapter!) };
}

interface Worker {
  run: RunSpec;
  clientRuns: (run: RunSpec) => Promise<ClientRun>;
}

interface PerCheck {
  /** The client run of the check: the project's, or the grouped run that declared it. */
  clientRun: ClientRun;
  /** Starts the check's own mock and builds the client with the adapter's factory; the fixture closes both after the check. */
  openEnv: (create: CreateClient) => Promise<ClientEnv>;
}

/** The host of the client's own metadata document: the target names it, so the mock may fetch it. */
export function metadataHosts(clientMetadataUrl: string | undefined): string[] {
  return clientMetadataUrl ? [new URL(clientMetadataUrl).host] : [];
}

export const test = base.extend<PerCheck, Worker>({
  run: [{ name: 'client' }, { option: true, scope: 'worker' }],
  clientRuns: [async ({}, use) => use(perRun(openClientRun).of), { scope: 'worker' }],
  clientRun: async ({ run, clientRuns }, use, testInfo) => {
    await use(await clientRuns(runOf(testInfo) ?? run));
  },
  openEnv: async ({ clientRun }, use, testInfo) => {
    let opened: ClientEnv | undefined;
    await use(async (create) => {
      opened = await openClientEnv(clientRun.target, clientRun.key, create);
      return opened;
    });
    if (!opened) return;
    const { mock, client } = opened;
    // The mock's recording, each JWT decoded and its signature checked: the view the dashboard shows.
    await testInfo.attach('evidence', {
      body: JSON.stringify((await mock.admin.traffic()).map((r) => ({ request: { method: r.method, url: r.path, headers: r.headers, body: r.body }, response: { status: r.status, headers: r.responseHeaders, body: r.responseBody }, ...(r.tokens ? { tokens: r.tokens } : {}) })), null, 2),
      contentType: 'application/json',
    });
    await client.close?.();
    await mock.close();
  },
});

/**
 * The adapter module's default export, or why it could not be had. A module that does not load says
 * nothing about the client, so its checks end not judged (the reason carries `adapterBroken`, which
 * the CLI reads to exit 2), once per check and without a failure each.
 */
async function loadAdapter(adapter: string): Promise<CreateClient | { broken: string }> {
  try {
    const mod = (await import(pathToFileURL(adapter).href)) as { default?: unknown };
    if (typeof mod.default !== 'function') throw new Error('it has no default export of a function (CreateClient)');
    return mod.default as CreateClient;
  } catch (e) {
    const message = (e as Error).message;
    // An ESM-only library (openid-client 6, say) imported from an adapter Node reads as CommonJS.
    const hint = /Cannot use import statement outside a module|ERR_REQUIRE_ESM/.test(message)
      ? ' (the adapter or a library it imports is an ES module: name the adapter .mts/.mjs or set "type": "module" in your package.json)'
      : (e as NodeJS.ErrnoException).code === 'ERR_UNKNOWN_FILE_EXTENSION' && /\.[cm]?tsx?\b/.test(message)
        ? ' (an adapter in JavaScript is loaded by Node as it is; name it .ts or .mts, and TypeScript it imports is compiled too)'
        : '';
    const first = message.split('\n')[0]!;
    // A syntax error names the file itself; others (a missing import) do not.
    return { broken: `${adapterBroken} ${first.startsWith(adapter) ? first : `${adapter}: ${first}`}${hint}` };
  }
}

/** A fresh built-in mock for one check, the context the adapter is given, and the client it builds. */
async function openClientEnv(clientTarget: ResolvedTarget, sharedKey: SigningKey, create: CreateClient): Promise<ClientEnv> {
  const profile = clientTarget.profile;
  const c = clientTarget.credentials;
  const mock = await startMockServer({ profile, port: 0, key: sharedKey, clientMetadataHosts: metadataHosts(clientTarget.target.clientMetadataUrl), credentials: { ...(c.clientId ? { clientId: c.clientId } : {}), ...(c.clientSecret ? { clientSecret: c.clientSecret } : {}), ...(c.apiKey ? { apiKey: c.apiKey } : {}), ...(c.username ? { username: c.username } : {}), ...(c.password ? { password: c.password } : {}) } });
  const demo = mock.engine.demo;
  const client0 = demo.clients.find((x) => !x.grants) ?? demo.clients[0];
  const resource = profile.resources.find((r) => (r.scopes ?? []).every((s) => !client0?.scopes || client0.scopes.includes(s))) ?? profile.resources[0]!;
  const context: AdapterContext = {
    baseUrl: mock.url,
    profile,
    credentials: {
      ...(client0 ? { clientId: client0.clientId, ...(client0.clientSecret ? { clientSecret: client0.clientSecret } : {}) } : {}),
      ...(demo.apiKeys[0] ? { apiKey: demo.apiKeys[0].key } : {}),
      ...(demo.users[0] ? { username: demo.users[0].username, password: demo.users[0].password } : {}),
    },
    resource: { method: resource.method ?? 'GET', url: `${mock.url}${profile.basePath}${resource.path}`, scopes: resource.scopes ?? [] },
    ...(client0?.redirectUris?.[0] ? { redirectUri: client0.redirectUris[0] } : {}),
    ...deviceClient(profile, demo.clients, clientTarget.target.requestScope?.device_code),
    ...grantClients(profile, demo.clients),
    ...dpopClient(profile, demo.clients, resource.scopes),
    ...(profile.mcp && profile.protectedResource ? { mcp: { url: `${mock.url}${profile.basePath}${profile.protectedResource.path}`, ...(clientTarget.target.clientMetadataUrl ? { clientMetadataUrl: clientTarget.target.clientMetadataUrl } : {}) } } : {}),
  };
  let client: ClientUnderTest;
  try {
    client = await create(context);
  } catch (e) {
    await mock.close();
    throw e;
  }
  const tokenPaths = new Set(profile.grants.map((g) => profile.basePath + profile.endpoints[g.endpoint]!.path));
  const traffic = () => {
    const all = mock.admin.requests();
    return { all, token: all.filter((r) => tokenPaths.has(r.path.split('?')[0]!)), api: all.filter((r) => r.path.split('?')[0] === new URL(context.resource.url).pathname) };
  };
  return { profile, mock, client, context, traffic };
}

export { expect };

/** RFC 8693 and RFC 7523: the client allowed token exchange, an audience, and the demo assertion issuer. */
function grantClients(profile: ResolvedProfile, clients: MockServer['engine']['demo']['clients']): Pick<AdapterContext, 'tokenExchange' | 'assertion'> {
  const te = profile.tokenExchange && profile.grants.some((g) => g.type === 'token_exchange') ? (clients.find((x) => x.clientSecret && x.grants?.includes('token_exchange')) ?? clients.find((x) => x.clientSecret && !x.grants)) : undefined;
  const audience = profile.tokenExchange?.audiences[0];
  const key = profile.grants.some((g) => g.type === 'jwt_bearer') ? profile.mock.assertionKeys?.[0] : undefined;
  return {
    ...(te?.clientSecret && audience ? { tokenExchange: { clientId: te.clientId, clientSecret: te.clientSecret, audience } } : {}),
    ...(key ? { assertion: { issuer: key.issuer, subject: key.subject, privateJwk: key.privateJwk as Record<string, unknown> } } : {}),
  };
}

/** RFC 9449: a confidential demo client allowed client_credentials (by secret where the profile takes one, else by its key). */
function dpopClient(profile: ResolvedProfile, clients: MockServer['engine']['demo']['clients'], scopes: string[] | undefined): Pick<AdapterContext, 'dpop'> {
  if (!profile.dpop || !profile.grants.some((g) => g.type === 'client_credentials')) return {};
  const allowed = clients.filter((x) => !x.grants || x.grants.includes('client_credentials'));
  const c = allowed.find((x) => x.clientSecret && !x.grants) ?? allowed.find((x) => x.clientSecret) ?? allowed.find((x) => x.privateJwk);
  if (!c) return {};
  return { dpop: { clientId: c.clientId, ...(c.clientSecret ? { clientSecret: c.clientSecret } : { privateJwk: c.privateJwk as Record<string, unknown> }), ...(scopes?.length ? { scope: scopes.join(' ') } : {}) } };
}

/** RFC 8628: the demo client allowed the device grant (a public one, as devices are), else the first. */
function deviceClient(profile: ResolvedProfile, clients: MockServer['engine']['demo']['clients'], scope: string | undefined): Pick<AdapterContext, 'device'> {
  if (!profile.deviceAuthorization) return {};
  const c = clients.find((x) => x.grants?.includes('device_code')) ?? clients.find((x) => !x.grants) ?? clients[0];
  return c ? { device: { clientId: c.clientId, ...(c.clientSecret ? { clientSecret: c.clientSecret } : {}), ...(scope ? { scope } : {}) } } : {};
}

export interface ClientCheckContext extends ClientEnv {
  /** Ends the check as not applicable: the profile (or the adapter) lacks what it judges. */
  notApplicable(reason: string): never;
  /** Ends the check as not judged: the client never reached the behaviour judged. */
  notJudged(reason: string, input?: InputName): never;
}

/** Declares a client check: the same declaration as a server check's; its requirements are the profile's capabilities. */
export function clientCheck<const R extends readonly Requirement[]>(id: CheckId, decl: { requires: R }, body: (c: ClientCheckContext & { given: Given<R> }) => Promise<void>): void {
  const def = definition(id);
  const annotation = [{ type: 'check', description: id }, ...decl.requires.map((r) => ({ type: 'requires', description: r }))];
  const fn = async ({ clientRun, openEnv }: { clientRun: ClientRun; openEnv: PerCheck['openEnv'] }, testInfo: TestInfo) => {
    const profile = clientRun.target.profile;
    testInfo.annotations.push(...levelAnnotations(def, profile));
    expectFailureOf(clientRun.spec, id, def, profile);
    // What the profile lacks comes first (not applicable whatever the adapter); no mock starts for it.
    const met = evaluateOnProfile(decl.requires, profile);
    if ('unmet' in met) endUnjudged(met.unmet);
    const create = 'broken' in clientRun.create ? notJudged(clientRun.create.broken, 'adapter') : clientRun.create;
    const env = await openEnv(create);
    await judgedAt(() => inWords(() => body({ ...env, notApplicable, notJudged, given: (met as { given: Given<R> }).given }), () => undefined));
  };
  declareForRuns(test, id, `${id}: ${def.title}`, annotation, fn, true);
}
