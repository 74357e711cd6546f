// MSW transport: the same engine behind MSW request handlers, so a frontend app, a story or a test
// mocks the provider's auth without a port, in the browser (setupWorker) or in Node (setupServer).
// No flow logic here: every matched request goes to engine.handle (a Call built from the Request). Nothing in this module's imports
// touches the file system, so bundlers can ship it to the browser.
import { http, HttpResponse, type RequestHandler } from 'msw';
import type { ApiKey, Client, Profile, User } from '../generated/types/index.ts';
import { builtinProfileIds, builtinProfiles, isBuiltinProfileId } from '../lib/builtin-profiles.ts';
import { ConfigError } from '../lib/config-error.ts';
import { mergeDeep, resolveProfileDocument } from '../lib/profile-resolve.ts';
import type { ResolvedProfile } from '../lib/resolved-profile.ts';
import type { Admin } from './engine/admin/admin.ts';
import { adminPrefix } from './engine/admin/admin.ts';
import { createEngine, type Engine, type EngineOptions } from './engine/index.ts';

export interface AuthHandlersOptions extends Omit<EngineOptions, 'profile'> {
  /** A built-in profile id, a profile object (e.g. imported JSON, may `extends` a built-in id) or a
   * profile loaded on Node with `loadProfile` (which also reads files). */
  profile: string | Profile | ResolvedProfile;
  /** Origin (and optional path) the provider lives at in the app, e.g. "https://auth.example.test". */
  baseUrl: string;
  /** Registered clients, replacing the profile's demo clients (e.g. your app's redirect URI). */
  clients?: Client[];
  /** Users who can log in, replacing the profile's demo users. */
  users?: User[];
  /** API keys for the api-key exchange, replacing the profile's demo keys. */
  apiKeys?: ApiKey[];
  /** Seconds an access token lives; null: never expires. Default: the profile's. */
  accessTokenLifetime?: number | null;
  /** Seconds a refresh token lives; null: never. Default: the profile's. */
  refreshTokenLifetime?: number | null;
}

export interface AuthHandlers {
  handlers: RequestHandler[];
  /** Clock, faults, recorded requests, mint token, revoke, reset: as on the node:http mock. */
  admin: Admin;
  engine: Engine;
  profile: ResolvedProfile;
}

const optionsSource = 'createAuthHandlers options';

/** The profile document the options describe: the chosen profile with the options' data laid over it. */
function profileDocument(options: AuthHandlersOptions): { raw: unknown; source: string } {
  const ref = options.profile;
  let raw: unknown;
  let source: string;
  if (typeof ref === 'string') {
    if (!isBuiltinProfileId(ref)) {
      throw new ConfigError([{ file: optionsSource, pointer: '/profile', expected: `a built-in profile (${builtinProfileIds().join(', ')}), a profile object, or a profile from loadProfile() for files`, found: JSON.stringify(ref) }]);
    }
    raw = builtinProfiles[ref];
    source = `builtin:${ref}`;
  } else if ('file' in ref && typeof ref.file === 'string') {
    const { file, ...rest } = ref as ResolvedProfile;
    raw = rest;
    source = file;
  } else {
    raw = ref;
    source = `<profile ${String((ref as { id?: unknown }).id ?? 'object')}>`;
  }
  const overlay: Record<string, unknown> = {};
  const mock: Record<string, unknown> = {};
  if (options.clients) mock.clients = options.clients;
  if (options.users) mock.users = options.users;
  if (options.apiKeys) mock.apiKeys = options.apiKeys;
  if (Object.keys(mock).length) overlay.mock = mock;
  if (options.accessTokenLifetime !== undefined) overlay.accessToken = { lifetime: options.accessTokenLifetime };
  if (options.refreshTokenLifetime !== undefined) overlay.refreshToken = { lifetime: options.refreshTokenLifetime };
  if (!Object.keys(overlay).length) return { raw, source };
  return { raw: mergeDeep(raw, overlay), source: `${source} + ${optionsSource}` };
}

export async function createAuthHandlers(options: AuthHandlersOptions): Promise<AuthHandlers> {
  const { profile: _p, baseUrl, clients: _c, users: _u, apiKeys: _k, accessTokenLifetime: _a, refreshTokenLifetime: _r, ...engineOptions } = options;
  let origin: string;
  try {
    origin = new URL(baseUrl).origin;
  } catch {
    throw new ConfigError([{ file: optionsSource, pointer: '/baseUrl', expected: 'an absolute URL such as "https://auth.example.test"', found: JSON.stringify(baseUrl) }]);
  }
  const { raw, source } = profileDocument(options);
  const profile = resolveProfileDocument(raw, source);
  const base = baseUrl.replace(/\/$/, '');
  const engine = await createEngine({ ...engineOptions, profile, issuer: engineOptions.issuer ?? base + profile.basePath });
  engine.setOrigin(origin);
  // One handler per path of the engine's own route table.
  // MSW keeps the cookies mocked responses set (the login session) and hands them over here.
  const handle = ({ request, cookies }: { request: Request; cookies: Record<string, string> }) => engine.handle(request, { cookies, respond: (body, init) => new HttpResponse(body, init) });
  const handlers: RequestHandler[] = [...engine.routes.keys()].map((path) => http.all(`${base}${path}`, handle));
  handlers.push(http.all(`${origin}${adminPrefix}`, handle), http.all(`${origin}${adminPrefix}/*`, handle));
  return { handlers, admin: engine.admin, engine, profile };
}
export { authorizeInPage, AuthorizeInPageError, type AuthorizeInPageOptions } from './msw-login.ts';
export type { McpSdkModules } from './engine/mcp/mcp-sdk.ts';
