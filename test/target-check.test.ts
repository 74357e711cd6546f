// A vendor's view: `check --target FILE` against a server that is not the suite's built-in mock (here
// a mock started separately, reached only through the target file), credentials from env vars, its
// own login-page selectors.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { ConformanceReport } from '../generated/types/index.ts';
import { startMockServer } from '../mock-server/index.ts';
import { runCliAsync, tempFiles } from './helpers.ts';

describe('check --target', () => {
  it('checks a running server through a target file and reports skips with reasons', async () => {
    const server = await startMockServer({ profile: 'generic-oauth2', port: 0, credentials: { clientSecret: 'vendor-secret-123' } });
    try {
      const dir = tempFiles({
        'target.json': {
          $schema: '../schemas/target.schema.json',
          kind: 'server',
          name: 'vendor-staging',
          profile: 'generic-oauth2',
          baseUrl: server.url,
          redirectUri: 'http://127.0.0.1:8765/callback',
          credentials: {
            clientId: 'generic-demo-client',
            clientSecret: { env: 'VENDOR_CLIENT_SECRET' },
            limitedClientId: 'generic-cc-only-client',
            limitedClientSecret: { env: 'VENDOR_LIMITED_SECRET' },
            username: 'demo@example.com',
            password: { env: 'VENDOR_PASSWORD' },
          },
          login: { usernameSelector: 'input[name=email]', passwordSelector: 'input[name=passcode]', submitSelector: 'button:has-text("Continue")', consentSelector: 'role=button[name="Allow"]', denySelector: 'role=button[name="Deny"]' },
        },
      });
      const reports = join(dir, 'reports');
      const env = { CI: '1', VENDOR_CLIENT_SECRET: 'vendor-secret-123', VENDOR_LIMITED_SECRET: 'generic-cc-only-secret', VENDOR_PASSWORD: 'demo-password' };
      const r = await runCliAsync(['check', '--target', join(dir, 'target.json'), '--report', reports], env);
      assert.equal(r.status, 0, r.stdout.slice(-3000) + r.stderr.slice(-2000));
      const report = JSON.parse(readFileSync(join(reports, 'vendor-staging.conformance.json'), 'utf8')) as ConformanceReport;
      assert.equal(report.target.builtInMock, false);
      assert.equal(report.target.baseUrl, server.url);
      const byId = new Map(report.checks.map((c) => [c.id, c]));
      assert.equal(byId.get('authz.success')?.verdict, 'pass', 'its own login page, driven by its selectors');
      assert.equal(byId.get('expiry.expired-token-rejected')?.verdict, 'not-judged');
      assert.equal(byId.get('expiry.expired-token-rejected')?.unlock, 'expired-token');
      assert.match(byId.get('expiry.expired-token-rejected')?.reason ?? '', /expiredAccessToken/);
      assert.ok(report.summary.MUST.passed >= 30, JSON.stringify(report.summary));
      const text = readFileSync(join(reports, 'vendor-staging.conformance.json'), 'utf8');
      for (const secret of ['vendor-secret-123', 'demo-password', 'generic-cc-only-secret']) assert.ok(!text.includes(secret), `report leaks ${secret}`);

      const wrong = await runCliAsync(['check', '--target', join(dir, 'target.json'), '--report', reports, '--grep', 'token.client-auth.basic'], { ...env, VENDOR_CLIENT_SECRET: 'not-the-secret' });
      assert.equal(wrong.status, 1, 'a MUST failure exits 1');
      const failed = JSON.parse(readFileSync(join(reports, 'vendor-staging.conformance.json'), 'utf8')) as ConformanceReport;
      const basic = failed.checks.find((c) => c.id === 'token.client-auth.basic')!;
      assert.equal(basic.verdict, 'fail');
      assert.equal(basic.evidence?.[0]?.response?.status, 401, 'evidence shows the exchange');
      assert.match(basic.evidence?.[0]?.request.headers?.authorization ?? '', /^Basic \[redacted /);

      const missing = await runCliAsync(['check', '--target', join(dir, 'target.json')], { VENDOR_CLIENT_SECRET: '' });
      assert.equal(missing.status, 2, 'a missing secret means the run cannot be judged');
      assert.match(missing.stderr, /target\.json: at \/credentials\/clientSecret: expected environment variable VENDOR_CLIENT_SECRET to be set/);
    } finally {
      await server.close();
    }
  });
});
