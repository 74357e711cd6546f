import { loadProfile } from '../lib/profiles.ts';
import { encodeRequest, type Send } from '../suites/request.ts';
import { s256 } from '../mock-server/engine/flows/authorization-code.ts';
import { createEngine, type Engine, type EngineOptions } from '../mock-server/engine/index.ts';

export const origin = 'http://127.0.0.1:9999';

export async function engineFor(profile: string, opts: Partial<EngineOptions> = {}): Promise<Engine> {
  return createEngine({ profile: loadProfile(profile), ...opts });
}

export interface Call extends Send {
  remoteAddress?: string;
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: Record<string, unknown>;
}

export async function call(engine: Engine, method: string, path: string, c: Call = {}): Promise<Answer> {
  const { headers, body } = encodeRequest(c);
  const res = await engine.handle(new Request(origin + path, { method, headers, ...(body !== undefined ? { body } : {}) }), { remoteAddress: c.remoteAddress ?? '127.0.0.1' });
  const text = await res.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    parsed = {};
  }
  return { status: res.status, headers: res.headers, text, body: parsed };
}

/** Drives the login and consent pages with plain form posts (no browser) and returns the code. */
export async function authorizeCode(engine: Engine, o: { clientId: string; redirectUri: string; verifier?: string; scope?: string; state?: string; method?: 'S256' | 'plain'; decision?: 'allow' | 'deny' }): Promise<URL> {
  const authPath = engine.profile.endpoints.authorize!.path;
  const q = new URLSearchParams({ response_type: 'code', client_id: o.clientId, redirect_uri: o.redirectUri, ...(o.state ? { state: o.state } : {}), ...(o.scope ? { scope: o.scope } : {}) });
  if (o.verifier) {
    q.set('code_challenge', o.method === 'plain' ? o.verifier : s256(o.verifier));
    q.set('code_challenge_method', o.method ?? 'S256');
  }
  const page = await call(engine, 'GET', `${authPath}?${q}`);
  if (page.status === 303) return new URL(page.headers.get('location')!);
  const pending = /name="pending" value="([^"]+)"/.exec(page.text)?.[1];
  if (!pending) throw new Error(`no login form: ${page.status} ${page.text.slice(0, 200)}`);
  const l = engine.profile.mock.loginPage ?? {};
  const user = engine.demo.users[0]!;
  const consent = await call(engine, 'POST', authPath, { form: { pending, step: 'login', [l.usernameField ?? 'username']: user.username, [l.passwordField ?? 'password']: user.password } });
  if (consent.status !== 200) throw new Error(`login failed: ${consent.status}`);
  const done = await call(engine, 'POST', authPath, { form: { pending, step: 'consent', decision: o.decision ?? 'allow' } });
  return new URL(done.headers.get('location')!);
}

/** A profile's MSW handlers listening in this process while `run` runs, at https://auth.example.test. */
export async function withMsw<T>(profile: string, run: (baseUrl: string) => Promise<T>): Promise<T> {
  const { setupServer } = await import('msw/node');
  const { createAuthHandlers } = await import('../mock-server/msw.ts');
  const baseUrl = 'https://auth.example.test';
  const auth = await createAuthHandlers({ profile, baseUrl });
  const server = setupServer(...auth.handlers);
  server.listen({ onUnhandledRequest: 'error' });
  try {
    return await run(baseUrl);
  } finally {
    server.close();
  }
}
