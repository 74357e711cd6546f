// Property: whatever arrives, every built-in profile's mock answers in the spec's shape: 2xx, 3xx or
// 4xx (never 5xx), JSON errors that validate, HTML only from the authorization pages.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { builtinProfileIds } from '../lib/profiles.ts';
import { validate } from '../lib/validator.ts';
import { engineFor, origin } from './engine-helpers.ts';

const runs = Number(process.env.FUZZ_RUNS ?? 10_000);

describe('fuzz: random requests against every profile', () => {
  it(`${runs} requests get spec-shaped answers`, async () => {
    const engines = await Promise.all(builtinProfileIds().map((id) => engineFor(id)));
    const paths = [...new Set(engines.flatMap((e) => [...Object.values(e.profile.endpoints).map((x) => x!.path), ...e.profile.resources.map((r) => r.path), '/__admin', '/__admin/clock', '/__admin/tokens', '/__admin/revoke', '/__admin/requests']))];
    const secrets = engines.flatMap((e) => [...e.demo.clients.flatMap((c) => [c.clientId, c.clientSecret ?? '']), ...e.demo.apiKeys.map((k) => k.key), ...e.demo.users.flatMap((u) => [u.username, u.password])]);
    const word = fc.oneof(fc.constantFrom(...secrets, 'client_credentials', 'password', 'refresh_token', 'authorization_code', 'read', 'write', 'S256', 'plain', 'code'), fc.string({ maxLength: 12 }), fc.string({ maxLength: 6, unit: 'grapheme' }));
    const key = fc.oneof(fc.constantFrom('grant_type', 'client_id', 'client_secret', 'scope', 'username', 'password', 'refresh_token', 'code', 'redirect_uri', 'code_verifier', 'token', 'token_type_hint', 'apiKey', 'refreshToken', 'access_token', 'response_type', 'code_challenge', 'pending', 'step', 'decision', 'advance', 'set', 'status', 'path', 'times'), fc.string({ maxLength: 8 }));
    const pairs = fc.array(fc.tuple(key, word), { maxLength: 6 });
    const body = fc.oneof(
      pairs.map((ps) => ps.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')),
      pairs.map((ps) => JSON.stringify(Object.fromEntries(ps))),
      fc.json(),
      fc.string({ maxLength: 40 }),
      fc.constant('%%%&&==&a=%ZZ'),
      fc.constant('x'.repeat(70_000)),
      fc.constant(''),
    );
    const authorization = fc.oneof(
      fc.constant(undefined),
      word.map((w) => `Bearer ${w}`),
      word.map((w) => `bearer ${w}`),
      fc.tuple(word, word).map(([a, b]) => `Basic ${Buffer.from(`${a}:${b}`).toString('base64')}`),
      word.map((w) => `Basic ${w}`),
      fc.string({ maxLength: 20 }),
    );
    const request = fc.record({
      engine: fc.nat({ max: engines.length - 1 }),
      method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'GET', 'POST', 'POST'),
      path: fc.oneof(fc.constantFrom(...paths), fc.webPath(), fc.string({ maxLength: 20 }).map((s) => `/${encodeURIComponent(s)}`)),
      query: fc.option(pairs, { nil: undefined }),
      contentType: fc.constantFrom(undefined, 'application/x-www-form-urlencoded', 'application/json', 'application/json; charset=utf-8', 'text/plain', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded;charset=UTF-8'),
      authorization,
      body,
      remote: fc.constantFrom('127.0.0.1', '10.1.2.3', '::1'),
    });
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const e = engines[r.engine]!;
        const headers = new Headers();
        if (r.contentType) headers.set('content-type', r.contentType);
        if (r.authorization !== undefined) {
          try {
            headers.set('authorization', r.authorization);
          } catch {
            // not a valid header value: a client could not send it either
          }
        }
        const q = r.query ? `?${r.query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}` : '';
        const hasBody = r.method !== 'GET' && r.method !== 'HEAD';
        let req: Request;
        try {
          req = new Request(`${origin}${r.path.startsWith('/') ? r.path : `/${r.path}`}${q}`, { method: r.method, headers, ...(hasBody ? { body: r.body } : {}) });
        } catch {
          return; // not expressible as an HTTP request
        }
        const res = await e.handle(req, { remoteAddress: r.remote });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        assert.ok(res.status >= 200 && res.status < 500, `status ${res.status} for ${r.method} ${r.path}`);
        const type = res.headers.get('content-type') ?? '';
        const text = await res.text();
        if (res.status >= 400) {
          if (type.includes('json')) {
            const b = JSON.parse(text) as unknown;
            const ok = validate('oauth-error', b).length === 0 || validate('problem', b).length === 0;
            assert.ok(ok, `error body not spec-shaped: ${text.slice(0, 200)}`);
          } else if (type.includes('text/html')) {
            // The authorization pages and OpenID Connect logout (RP-Initiated Logout §2) show errors as pages.
            assert.ok(r.path.includes('authorize') || r.path.endsWith('/logout'), 'HTML only from the authorization and logout pages');
          } else {
            assert.equal(text, '', `non-JSON error with a body: ${res.status} ${type}`);
            // RFC 9449 §7.1: resources that take DPoP-bound tokens only (fapi2) challenge with DPoP alone.
            assert.ok(/^(Bearer|DPoP) realm=/.test(res.headers.get('www-authenticate') ?? ''), 'bodiless errors are bare bearer (or DPoP) challenges');
          }
        }
      }),
      { numRuns: runs },
    );
    // The run must have reached the flows, not only 404s.
    assert.ok((statuses.get(200) ?? 0) > 0 && (statuses.get(400) ?? 0) > 0 && (statuses.get(401) ?? 0) > 0, JSON.stringify([...statuses]));
  });
});
