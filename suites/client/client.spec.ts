// Client conformance: the mock plays the provider; each check watches what the client sends.
import { fingerprint } from '../../lib/redact.ts';
import type { RecordedExchange } from '../../mock-server/index.ts';
import { clientCheck, expect, type ClientCheckContext } from './fixtures.ts';

function params(r: RecordedExchange): Record<string, string> {
  try {
    if ((r.headers['content-type'] ?? '').includes('json')) return JSON.parse(r.body) as Record<string, string>;
    return Object.fromEntries(new URLSearchParams(r.body));
  } catch {
    return {};
  }
}

/** Which grant a recorded token request used. */
function grantOf(c: ClientCheckContext, r: RecordedExchange): string | undefined {
  const g = c.profile.grants.find((x) => !x.grantTypeParameter && c.profile.basePath + c.profile.endpoints[x.endpoint]!.path === r.path.split('?')[0]);
  return g?.type ?? params(r).grant_type;
}

const refreshes = (c: ClientCheckContext, list: RecordedExchange[]) => list.filter((r) => grantOf(c, r) === 'refresh_token');
const after = (list: RecordedExchange[], seq: number) => list.filter((r) => r.seq > seq);
const lastSeq = (c: ClientCheckContext) => Math.max(0, ...c.traffic().all.map((r) => r.seq));

/**
 * These checks judge a client that fetches its own token when it calls the API. One that made no token
 * request at all gets its tokens another way first (a device sign-in, a login its adapter drives), so
 * what they judge was never reached: not judged, never failed.
 */
function fetchesOwnToken(c: ClientCheckContext, what: string): void {
  if (c.traffic().token.length === 0) c.notJudged(`${what} without any token request: the client gets its tokens another way (a sign-in the adapter drives, such as deviceSignIn), so these checks of a client that fetches its own token say nothing about it`);
}

async function expectOk(c: ClientCheckContext, label: string): Promise<void> {
  const { status } = await c.client.call();
  if (status !== 200) fetchesOwnToken(c, `${label} answered ${status}`);
  expect(status, label).toBe(200);
}

function expire(c: ClientCheckContext): number {
  const lifetime = c.profile.accessToken.lifetime;
  if (lifetime === null) return c.notApplicable('tokens of this profile never expire');
  c.mock.admin.advanceClock(lifetime + 60);
  return lifetime;
}

/** The client was given a refresh token (by the grant it chose), so it should prefer refreshing. */
const issuesRefresh = (c: ClientCheckContext) =>
  c.traffic().token.some((r) => {
    try {
      return r.status === 200 && typeof (JSON.parse(r.responseBody) as { refresh_token?: unknown }).refresh_token === 'string';
    } catch {
      return false;
    }
  });

function apiPath(c: ClientCheckContext): string {
  return new URL(c.context.resource.url).pathname;
}

clientCheck('client.token-request', { requires: [] }, async (c) => {
  await expectOk(c, 'first call');
  const first = c.traffic().token[0];
  expect(first, 'a token request').toBeTruthy();
  expect(first!.method, 'POST (RFC 6749 §3.2)').toBe('POST');
  const type = grantOf(c, first!);
  const g = c.profile.grants.find((x) => x.type === type && c.profile.basePath + c.profile.endpoints[x.endpoint]!.path === first!.path.split('?')[0]);
  expect(g, `a grant the profile documents at ${first!.path} (got ${type})`).toBeTruthy();
  const mediaType = g!.encoding === 'json' ? 'application/json' : 'application/x-www-form-urlencoded';
  expect(first!.headers['content-type'] ?? '', 'body encoding as the profile says').toContain(mediaType);
  const p = params(first!);
  if (g!.type === 'api_key') expect(p[g!.fields.apiKey], `the API key in "${g!.fields.apiKey}"`).toBeTruthy();
  if (g!.type === 'password') expect(p[g!.fields.username] && p[g!.fields.password], 'user name and password fields').toBeTruthy();
  if (g!.grantTypeParameter) expect(p.grant_type).toBe(g!.type);
  const basic = /^basic /i.test(first!.headers.authorization ?? '');
  if (basic) expect(c.profile.clientAuth.methods, 'Basic is allowed by the profile').toContain('client_secret_basic');
  if (p[g!.fields.clientSecret]) expect(c.profile.clientAuth.methods, 'body credentials are allowed by the profile').toContain('client_secret_post');
  expect(first!.path, 'no credentials in the URL').not.toMatch(/client_secret|apiKey|password/i);
});

clientCheck('client.token-reuse', { requires: [] }, async (c) => {
  for (let i = 1; i <= 3; i++) await expectOk(c, `call ${i}`);
  expect(c.traffic().token.length, 'token requests for three calls').toBe(1);
});

clientCheck('client.refresh-on-expiry', { requires: [] }, async (c) => {
  await expectOk(c, 'first call');
  const before = lastSeq(c);
  expire(c);
  await expectOk(c, 'call after expiry');
  const renewals = after(c.traffic().token, before);
  expect(renewals.length, 'a renewal after expiry').toBeGreaterThan(0);
  if (issuesRefresh(c)) expect(refreshes(c, renewals).length, 'renewed with the refresh token').toBeGreaterThan(0);
});

clientCheck('client.retry-after-401', { requires: [] }, async (c) => {
  await expectOk(c, 'first call');
  const before = lastSeq(c);
  c.mock.admin.addFault({ path: apiPath(c), status: 401, headers: { 'www-authenticate': 'Bearer realm="mock", error="invalid_token"' }, body: { error: 'invalid_token' }, times: 1 });
  await expectOk(c, 'call meeting one 401');
  const t = c.traffic();
  expect(after(t.api, before).length, 'the original call is retried exactly once').toBe(2);
  expect(after(t.token, before).length, 'renewed before retrying').toBeGreaterThan(0);
  if (issuesRefresh(c)) expect(refreshes(c, after(t.token, before)).length, 'renewed with the refresh token').toBeGreaterThan(0);
});

clientCheck('client.bounded-retries', { requires: [] }, async (c) => {
  await expectOk(c, 'first call');
  const before = lastSeq(c);
  c.mock.admin.addFault({ path: apiPath(c), status: 401, headers: { 'www-authenticate': 'Bearer realm="mock", error="invalid_token"' }, body: { error: 'invalid_token' } });
  await Promise.race([c.client.call().catch(() => undefined), new Promise((_, reject) => setTimeout(() => reject(new Error('the client was still retrying after 20 s')), 20_000))]);
  const attempts = after(c.traffic().api, before);
  const times = attempts.map((r) => Date.parse(r.time));
  const gaps = times.slice(1).map((t, i) => t - times[i]!);
  const backsOff = gaps.every((g, i) => i === 0 || g >= gaps[i - 1]!) && gaps.slice(1).every((g) => g >= 100);
  expect(attempts.length <= 3 || (attempts.length <= 6 && backsOff), `${attempts.length} attempts, gaps ${gaps.join(', ')} ms`).toBe(true);
});

clientCheck('client.rotation', { requires: [] }, async (c) => {
  if (!c.profile.refreshToken.policy.startsWith('rotating')) c.notApplicable(`refresh policy is ${c.profile.refreshToken.policy}`);
  await expectOk(c, 'first call');
  for (let i = 1; i <= 2; i++) {
    expire(c);
    await expectOk(c, `call after expiry ${i}`);
  }
  const token = c.traffic().token;
  const used = refreshes(c, token);
  if (used.length === 0) c.notJudged('the client never refreshed, so rotation could not be observed (see client.refresh-on-expiry)');
  for (const r of used) {
    const previous = token.filter((x) => x.seq < r.seq && x.status === 200).at(-1);
    const newest = previous ? (JSON.parse(previous.responseBody) as { refresh_token?: string }).refresh_token : undefined;
    const g = c.profile.grants.find((x) => x.type === 'refresh_token')!;
    expect(params(r)[g.fields.refreshToken], `refresh request #${r.seq} sends the newest refresh token`).toBe(newest);
  }
});

clientCheck('client.reauth-on-invalid-grant', { requires: [] }, async (c) => {
  await expectOk(c, 'first call');
  if (!issuesRefresh(c)) c.notJudged('the client holds no refresh token to refuse');
  expire(c);
  // The next request at the refresh endpoint (the refresh, from a client that refreshes) is refused.
  const rg = c.profile.grants.find((g) => g.type === 'refresh_token')!;
  const path = c.profile.basePath + c.profile.endpoints[rg.endpoint]!.path;
  c.mock.admin.addFault({ method: 'POST', path, status: 400, body: { error: 'invalid_grant', error_description: 'refresh token revoked' }, times: 1 });
  await expectOk(c, 'call after the refresh token was refused');
});

clientCheck('client.token-in-header', { requires: [] }, async (c) => {
  await expectOk(c, 'first call');
  await expectOk(c, 'second call');
  for (const r of c.traffic().api) {
    expect(r.headers.authorization ?? '', `request #${r.seq}: Bearer in the Authorization header`).toMatch(/^Bearer \S+/i);
    expect(r.path, `request #${r.seq}: no token in the URL`).not.toMatch(/access_token=/i);
  }
});

clientCheck('client.no-credentials-to-api', { requires: [] }, async (c) => {
  await expectOk(c, 'first call');
  const cr = c.context.credentials;
  const secrets = [cr.clientSecret, cr.apiKey, cr.password].filter((s): s is string => Boolean(s));
  for (const r of c.traffic().api) {
    const seen = JSON.stringify([r.path, r.headers, r.body]);
    for (const s of secrets) {
      expect(seen.includes(s) || seen.includes(fingerprint(s)), `request #${r.seq} carries a credential`).toBe(false);
    }
  }
});

clientCheck('client.honours-retry-after', { requires: [] }, async (c) => {
  const paths = [...new Set(c.profile.grants.map((g) => c.profile.basePath + c.profile.endpoints[g.endpoint]!.path))];
  for (const path of paths) c.mock.admin.addFault({ id: `busy-${path}`, method: 'POST', path, status: 503, headers: { 'retry-after': '1' }, body: { error: 'temporarily_unavailable' }, times: 1 });
  await c.client.call().catch(() => undefined);
  fetchesOwnToken(c, 'the call ended');
  const token = c.traffic().token;
  expect(token.length, 'the client tried again after 503').toBeGreaterThan(1);
  const gap = Date.parse(token[1]!.time) - Date.parse(token[0]!.time);
  expect(gap, 'ms between the 503 and the next token request (Retry-After: 1)').toBeGreaterThanOrEqual(950);
});

clientCheck('client.single-refresh', { requires: [] }, async (c) => {
  await expectOk(c, 'first call');
  const before = lastSeq(c);
  expire(c);
  const results = await Promise.all([1, 2, 3, 4, 5].map(() => c.client.call()));
  expect(results.map((r) => r.status), 'all five calls succeed').toEqual([200, 200, 200, 200, 200]);
  expect(after(c.traffic().token, before).length, 'renewals for five concurrent calls').toBe(1);
});
