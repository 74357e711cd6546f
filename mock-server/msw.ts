// MSW transport: the same engine behind MSW request handlers, so a frontend test or dev server mocks
// the provider's auth without a port. No flow logic here: every matched request goes to engine.handle.
import { http, type RequestHandler } from 'msw';
import type { Profile } from '../generated/types/index.ts';
import { loadProfile, resolveProfile } from '../lib/profiles.ts';
import type { ResolvedProfile } from '../lib/resolved-profile.ts';
import type { Admin } from './engine/admin.ts';
import { adminPrefix } from './engine/admin.ts';
import { createEngine, type Engine, type EngineOptions } from './engine/index.ts';

export interface AuthHandlersOptions extends Omit<EngineOptions, 'profile'> {
  /** A built-in profile id, a profile file path, a profile object (e.g. imported JSON) or a loaded profile. */
  profile: string | Profile | ResolvedProfile;
  /** Origin (and optional path) the provider lives at in the app, e.g. "https://auth.example.test". */
  baseUrl: string;
}

export interface AuthHandlers {
  handlers: RequestHandler[];
  /** Clock, faults, recorded requests, mint token, revoke, reset: as on the node:http mock. */
  admin: Admin;
  engine: Engine;
  profile: ResolvedProfile;
}

export async function createAuthHandlers(options: AuthHandlersOptions): Promise<AuthHandlers> {
  const { profile: ref, baseUrl, ...engineOptions } = options;
  const profile = typeof ref === 'string' ? loadProfile(ref) : 'file' in ref && typeof ref.file === 'string' ? (ref as ResolvedProfile) : resolveProfile(ref as Profile);
  const base = baseUrl.replace(/\/$/, '');
  const engine = await createEngine({ ...engineOptions, profile, issuer: engineOptions.issuer ?? base + profile.basePath });
  engine.setOrigin(new URL(base).origin);
  const paths = new Set<string>([...Object.values(profile.endpoints).map((e) => e!.path), ...profile.resources.map((r) => r.path)]);
  const handle = ({ request }: { request: Request }) => engine.handle(request);
  const handlers: RequestHandler[] = [...paths].map((p) => http.all(`${base}${profile.basePath}${p}`, handle));
  handlers.push(http.all(`${new URL(base).origin}${adminPrefix}`, handle), http.all(`${new URL(base).origin}${adminPrefix}/*`, handle));
  return { handlers, admin: engine.admin, engine, profile };
}
