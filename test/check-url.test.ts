// `check URL` and `init URL` on servers nobody here wrote, started by the test: discovery drafts the
// profile (oidc-provider and oauth2-mock-server publish metadata; @node-oauth/oauth2-server publishes
// none, so flags supply it), every MUST failure is one the example's baseline names (no false
// failure), the unlock list says what would judge more, init's drafts validate and reproduce the
// verdicts, and a baseline written from a run passes it and catches a new failure.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Baseline, ConformanceReport } from '../generated/types/index.ts';
import { startNodeOAuth2Server } from '../examples/node-oauth2-server/start.ts';
import { startOauth2MockServer } from '../examples/oauth2-mock-server/start.ts';
import { startOidcProvider } from '../examples/oidc-provider/start.ts';
import { startOidcProviderFapi2 } from '../examples/oidc-provider-fapi2/start.ts';
import { startMockServer } from '../mock-server/index.ts';
import { bin, root, runCliAsync, tempFiles, waitForLine } from './helpers.ts';

const env = { CI: '1', OAUTH_CONFORMANCE_TRACE: 'off', PEER_CLIENT_SECRET: 'secret', PEER_PASSWORD: 'pass' };
const creds = ['--client-id', 'client', '--client-secret-env', 'PEER_CLIENT_SECRET', '--username', 'user', '--password-env', 'PEER_PASSWORD'];

function onlyReport(dir: string): ConformanceReport {
  const files = (readFileSync(join(dir, 'junit.xml'), 'utf8').match(/<testsuite name="([^"]+)"/g) ?? []).map((m) => m.slice(17, -1));
  assert.equal(files.length, 1, 'one run');
  return JSON.parse(readFileSync(join(dir, `${files[0]}.conformance.json`), 'utf8')) as ConformanceReport;
}

/**
 * Checks the hand-written example judges that `check URL` with credentials by flags does not: each must
 * need the login page's selectors (no flag gives them) or be one the server does not publish (listed,
 * with why, per server).
 */
function notReached(report: ConformanceReport, example: string, unpublished: Record<string, string>): string[] {
  const baseline = JSON.parse(readFileSync(join(root, 'examples', example, 'baseline.json'), 'utf8')) as Baseline;
  const judged = (o: string | undefined) => o === 'pass' || o === 'fail' || o === 'warn';
  return report.checks
    .filter((c) => judged(baseline.checks[c.id]?.outcome) && !judged(c.verdict))
    .filter((c) => !(c.unlock === 'login' || c.unlock === 'deny-control') && !(c.id in unpublished))
    .map((c) => `${c.id}: ${c.verdict} (${c.reason})`);
}

/** MUST failures the example's baseline does not expect: false failures. */
function unexpectedFailures(report: ConformanceReport, example: string): string[] {
  const baseline = JSON.parse(readFileSync(join(root, 'examples', example, 'baseline.json'), 'utf8')) as Baseline;
  return report.checks.filter((c) => c.verdict === 'fail' && baseline.checks[c.id]?.outcome !== 'fail').map((c) => `${c.id}: ${c.reason}`);
}

// Each test starts its own server on an ephemeral port: two at a time.
describe('check URL, init URL, baselines', { concurrency: 2 }, () => {
  it('oidc-provider from its issuer alone, then with credentials: no false failure, and the unlock list names what is missing', async () => {
    const server = await startOidcProvider(0);
    try {
      const dir = tempFiles({});
      const bare = await runCliAsync(['check', server.url, '--report', join(dir, 'bare')], env, { what: 'check URL (oidc-provider)' });
      // Its one real failure (a 401 invalid_client without a challenge, in its baseline) shows from the URL alone.
      assert.equal(bare.status, 1, bare.stdout.slice(-3000) + bare.stderr.slice(-1000));
      assert.deepEqual(unexpectedFailures(onlyReport(join(dir, 'bare')), 'oidc-provider'), []);
      assert.match(bare.stdout, /discovered .*RFC 8414 metadata .*OpenID configuration/);
      const r1 = onlyReport(join(dir, 'bare'));
      assert.ok(r1.summary.judged >= 5, `judged ${r1.summary.judged}`);
      assert.equal(r1.unlock?.[0]?.input, 'client', 'a client unlocks the most');
      assert.match(bare.stdout, /to judge more:\n\s+\+\d+\s+a confidential client: --client-id ID --client-secret-env NAME/);
      // Its private_key_jwt client, with the key the example's target file holds, given by environment variable.
      const jwtKey = (JSON.parse(readFileSync(join(root, 'examples/oidc-provider/target.json'), 'utf8')) as { credentials: { jwtClientKey: string } }).credentials.jwtClientKey;
      const withCreds = await runCliAsync(['check', server.url, ...creds, '--jwt-client-id', 'jwt-client', '--jwt-client-key-env', 'PEER_JWT_KEY', '--redirect-uri', 'http://127.0.0.1:8765/callback', '--post-logout-redirect-uri', 'http://127.0.0.1:8765/signed-out', '--resource', `${server.url}/me`, '--report', join(dir, 'creds')], { ...env, PEER_JWT_KEY: jwtKey }, { what: 'check URL with credentials (oidc-provider)' });
      assert.equal(withCreds.status, 1, withCreds.stdout.slice(-3000) + withCreds.stderr.slice(-1000));
      const r2 = onlyReport(join(dir, 'creds'));
      assert.deepEqual(unexpectedFailures(r2, 'oidc-provider'), []);
      assert.ok(r2.summary.judged > r1.summary.judged + 15, `credentials judge more: ${r1.summary.judged} -> ${r2.summary.judged}`);
      assert.equal(r2.unlock?.find((u) => u.input === 'login')?.checks.includes('authz.success'), true, 'login selectors would unlock the browser checks');
      // /me (UserInfo) takes only a user's token, which only a login gives.
      const userToken = 'needs a user’s token: /me refuses a client’s, and a user’s needs the login';
      const scopeOnlyAfterLogin = 'its client_credentials responses name no scope; the code flow’s do, and that needs the login';
      assert.deepEqual(notReached(r2, 'oidc-provider', { 'resource.valid-token': userToken, 'resource.scheme-case-insensitive': userToken, 'resource.query-token-refused': userToken, 'resource.revoked-token-rejected': userToken, 'token.success.scope-syntax': scopeOnlyAfterLogin }), []);
    } finally {
      await server.close();
    }
  });

  it('oidc-provider configured for FAPI 2.0, from its issuer and its private_key_jwt client alone: DPoP and PAR judged, no false failure', async () => {
    const server = await startOidcProviderFapi2(0);
    try {
      const dir = tempFiles({});
      const jwtKey = (JSON.parse(readFileSync(join(root, 'examples/oidc-provider-fapi2/target.json'), 'utf8')) as { credentials: { jwtClientKey: string } }).credentials.jwtClientKey;
      const r = await runCliAsync(['check', server.url, '--jwt-client-id', 'fapi-client', '--jwt-client-key-env', 'PEER_JWT_KEY', '--redirect-uri', 'http://127.0.0.1:8765/callback', '--report', dir], { ...env, PEER_JWT_KEY: jwtKey }, { what: 'check URL (oidc-provider, FAPI 2.0)' });
      // Its one real failure (a 401 invalid_client without a challenge, in its baseline) shows here too.
      assert.equal(r.status, 1, r.stdout.slice(-3000) + r.stderr.slice(-1000));
      const report = onlyReport(dir);
      assert.deepEqual(unexpectedFailures(report, 'oidc-provider-fapi2'), []);
      const byId = new Map(report.checks.map((c) => [c.id, c]));
      // The metadata publishes dpop_signing_alg_values_supported and the PAR endpoint, required: the draft has both.
      for (const id of ['dpop.token.bound', 'dpop.token.cnf', 'dpop.token.wrong-htu', 'dpop.token.bad-signature', 'dpop.token.old-proof', 'par.success', 'par.client-authentication', 'par.assertion-audience', 'par.required', 'client-auth.private-key-jwt.success']) {
        assert.equal(byId.get(id)?.verdict, 'pass', `${id}: ${byId.get(id)?.verdict} ${byId.get(id)?.reason ?? ''}`);
      }
      // Whether every token must be sender-constrained is not published: not assumed.
      assert.equal(byId.get('fapi2.sender-constrained')?.verdict, 'not-applicable');
    } finally {
      await server.close();
    }
  });

  it('the fapi2 mock from its URL with its client’s key and a resource: resources that take DPoP alone are judged by the DPoP checks, never by RFC 6750’s', async () => {
    const mock = await startMockServer({ profile: 'fapi2', port: 0 });
    try {
      const dir = tempFiles({});
      const client = mock.engine.demo.clients.find((c) => c.clientId === 'fapi2-client')!;
      const r = await runCliAsync(['check', mock.url, '--jwt-client-id', client.clientId, '--jwt-client-key-env', 'FAPI_KEY', '--redirect-uri', 'http://127.0.0.1:8765/callback', '--resource', `${mock.url}/api/resource`, '--scope', 'read', '--report', dir], { ...env, FAPI_KEY: JSON.stringify(client.privateJwk) }, { what: 'check URL (the fapi2 mock)' });
      assert.equal(r.status, 0, r.stdout.slice(-3000) + r.stderr.slice(-1000));
      const byId = new Map(onlyReport(dir).checks.map((c) => [c.id, c]));
      for (const id of ['dpop.resource.success', 'dpop.resource.as-bearer', 'dpop.resource.other-key', 'dpop.resource.wrong-ath', 'dpop.token.bound', 'par.required']) assert.equal(byId.get(id)?.verdict, 'pass', id);
      assert.equal(byId.get('resource.no-token')?.verdict, 'not-applicable');
      assert.match(byId.get('resource.no-token')?.reason ?? '', /offers the DPoP scheme alone/);
    } finally {
      await mock.close();
    }
  });

  it('an interrupted check URL stops its runner, removes the folder it drafted into and is not judged (exit 2)', async () => {
    const mock = await startMockServer({ profile: 'oauth21', port: 0 });
    try {
      const tmp = tempFiles({});
      const child = spawn(process.execPath, [bin, 'check', mock.url, '--report', join(tmp, 'reports')], { env: { ...process.env, ...env, TMPDIR: tmp }, stdio: ['ignore', 'pipe', 'pipe'] });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      await waitForLine(child, /checking: \d+ checks/, 'the run to start');
      assert.equal(readdirSync(tmp).filter((f) => f.startsWith('oauth-conformance-')).length, 1, 'the draft is there while the run lasts');
      child.kill('SIGTERM');
      assert.equal(await exited, 2, stderr);
      assert.match(stderr, /the run was interrupted \(SIGTERM\) and is not judged/);
      assert.deepEqual(readdirSync(tmp).filter((f) => f.startsWith('oauth-conformance-')), [], 'the drafted folder is removed');
    } finally {
      await mock.close();
    }
  });

  it('oauth2-mock-server from its URL: every MUST failure is a real one its baseline names', async () => {
    const server = await startOauth2MockServer(0);
    try {
      const dir = tempFiles({});
      const issuer = server.issuer ?? server.url;
      const tmp = tempFiles({});
      // With the example's baseline, as a user keeps one: the failures it accepts are known to Playwright
      // (no worker restart after each); those the example's profile never reached are new failures, exit 1.
      const r = await runCliAsync(['check', issuer, ...creds, '--redirect-uri', 'http://127.0.0.1:8765/callback', '--resource', `${issuer}/userinfo`, '--report', dir, '--baseline', join(root, 'examples/oauth2-mock-server/baseline.json')], { ...env, TMPDIR: tmp }, { what: 'check URL (oauth2-mock-server)' });
      assert.equal(r.status, 1, r.stdout.slice(-3000) + r.stderr.slice(-1000));
      assert.match(r.stdout, /baseline .*: [1-5] new failure\(s\)/);
      assert.deepEqual(readdirSync(tmp).filter((f) => f.startsWith('oauth-conformance-')), [], 'check URL removes the folder it drafted into');
      const report = onlyReport(dir);
      // The example's profile has no code grant; from its URL the code flow is checked too, and these
      // are its real deviations there (each read against its sentence).
      const beyondTheExample = {
        'authz.code-reuse': 'a reused code is answered invalid_request ("code_challenge required"); RFC 6749 §5.2 names invalid_grant',
        'authz.pkce-mismatch': 'a wrong code_verifier is answered invalid_request; RFC 7636 §4.6 names invalid_grant',
        'authz.redirect-uri-mismatch': 'a token request naming another redirect_uri is granted (RFC 6749 §4.1.3)',
        'authz.unregistered-redirect-uri': 'any redirect_uri is redirected to (RFC 6749 §4.1.2.1)',
        'authz.redirect-uri-exact': 'the registered redirect_uri with a query added is redirected to, code and all (RFC 6749 §3.1.2.3)',
      };
      assert.deepEqual(unexpectedFailures(report, 'oauth2-mock-server').filter((f) => !(f.split(':')[0]! in beyondTheExample)), []);
      assert.ok(report.summary.MUST.failed >= 10, JSON.stringify(report.summary.MUST));
      // Its access tokens are JWTs: the format is not published, so the suite looks at the token.
      const byId = new Map(report.checks.map((c) => [c.id, c]));
      assert.equal(byId.get('jwt.signature')?.verdict, 'pass');
      assert.equal(byId.get('resource.alg-none-rejected')?.verdict, 'fail', '/userinfo takes any bearer value (the baseline names it)');
      assert.equal(byId.get('jwt.claims')?.verdict, 'not-judged');
      // A secret variable named but not set is the flag's error, before anything is drafted.
      const unset = await runCliAsync(['check', issuer, '--client-id', 'client', '--client-secret-env', 'OC_SECRET_NOT_SET', '--report', join(dir, 'unset')], { ...env, TMPDIR: tmp, OC_SECRET_NOT_SET: '' });
      assert.equal(unset.status, 2, unset.stdout + unset.stderr);
      assert.match(unset.stderr, /--client-secret-env OC_SECRET_NOT_SET: the environment variable OC_SECRET_NOT_SET is not set/);
      assert.deepEqual(readdirSync(tmp), [], 'nothing drafted');
    } finally {
      await server.close();
    }
  });

  it('@node-oauth/oauth2-server publishes nothing: check URL names the flags, judges with them, and init drafts reproduce the verdicts; baselines pass and catch a new failure', async () => {
    const server = await startNodeOAuth2Server(0);
    try {
      const dir = tempFiles({});
      const bare = await runCliAsync(['check', server.url, '--report', join(dir, 'bare')], env);
      assert.equal(bare.status, 2, 'nothing to judge with: the run is not judged');
      assert.match(bare.stderr, /--token-endpoint PATH/);
      assert.match(bare.stdout, /\.well-known\/oauth-authorization-server: status 404/);
      const flags = ['--token-endpoint', '/token', '--authorization-endpoint', '/authorize', '--grant', 'client_credentials', '--grant', 'password', '--grant', 'refresh_token', '--grant', 'authorization_code', '--redirect-uri', 'http://127.0.0.1:8765/callback', '--resource', `${server.url}/api/resource`, '--scope', 'read', '--scopes-supported', 'read write', ...creds];
      const r = await runCliAsync(['check', server.url, ...flags, '--report', join(dir, 'flags')], env, { what: 'check URL with flags (node-oauth2-server)' });
      assert.equal(r.status, 1, r.stdout.slice(-3000) + r.stderr.slice(-1000));
      const fromUrl = onlyReport(join(dir, 'flags'));
      assert.deepEqual(unexpectedFailures(fromUrl, 'node-oauth2-server'), []);
      assert.deepEqual(fromUrl.checks.filter((c) => c.verdict === 'fail').map((c) => c.id), ['resource.scheme-case-insensitive']);
      assert.deepEqual(
        notReached(fromUrl, 'node-oauth2-server', {
          'resource.insufficient-scope': 'the scope the resource needs is not published',
          'resource.scope-enforced': 'the scope the resource needs is not published',
          'token.client-auth.body': 'no auth methods published: RFC 8414 §2’s default, client_secret_basic',
          'token.success.pragma': 'RFC 6749’s Pragma rule is not assumed of a server that does not say (OAuth 2.1 drops it)',
          'token.success.scope-narrowed': 'no scope policy published: RFC 6749 §3.3 lets the server narrow',
        }),
        [],
      );

      const out = join(dir, 'drafts');
      const init = await runCliAsync(['init', server.url, ...flags, '--out', out], env);
      assert.equal(init.status, 0, init.stdout + init.stderr);
      const name = /wrote (.*)\.target\.json/.exec(init.stdout)![1]!;
      const before = readFileSync(`${name}.profile.json`, 'utf8');
      assert.match(before, /"undocumented"/);
      assert.match(readFileSync(`${name}.target.json`, 'utf8'), /"clientSecret": \{\s*"env": "PEER_CLIENT_SECRET"/);
      const again = await runCliAsync(['init', server.url, ...flags, '--out', out], env);
      assert.equal(again.status, 2, 'init never replaces a file');
      assert.equal(readFileSync(`${name}.profile.json`, 'utf8'), before);
      const valid = await runCliAsync(['validate', `${name}.profile.json`, `${name}.target.json`], env);
      assert.equal(valid.status, 0, valid.stdout + valid.stderr);
      const fromFiles = await runCliAsync(['check', '--target', `${name}.target.json`, '--report', join(dir, 'files'), '--write-baseline', join(dir, 'baseline.json')], env);
      assert.equal(fromFiles.status, 1);
      const outcomes = (rep: ConformanceReport) => Object.fromEntries(rep.checks.map((c) => [c.id, c.verdict]));
      assert.deepEqual(outcomes(onlyReport(join(dir, 'files'))), outcomes(fromUrl), 'the drafts give the same verdicts as check URL');

      const pass = await runCliAsync(['check', '--target', `${name}.target.json`, '--report', join(dir, 'b1'), '--baseline', join(dir, 'baseline.json')], env);
      assert.equal(pass.status, 0, `the run matches its own baseline\n${pass.stdout.slice(-1500)}`);
      const baseline = JSON.parse(readFileSync(join(dir, 'baseline.json'), 'utf8')) as Baseline;
      delete baseline.checks['resource.scheme-case-insensitive'];
      baseline.checks['token.success.json'] = { outcome: 'fail', reason: 'accepted once, fixed since' };
      writeFileSync(join(dir, 'baseline-2.json'), JSON.stringify(baseline));
      const caught = await runCliAsync(['check', '--target', `${name}.target.json`, '--report', join(dir, 'b2'), '--baseline', join(dir, 'baseline-2.json')], env);
      assert.equal(caught.status, 1, 'a failure the baseline does not name fails the run');
      assert.match(caught.stdout, /NEW FAILURE MUST resource\.scheme-case-insensitive/, `stderr: ${caught.stderr.slice(-3000)}`);
      assert.match(caught.stdout, /fixed: token\.success\.json now passes; remove it from the baseline/);
      const exists = await runCliAsync(['check', '--target', `${name}.target.json`, '--write-baseline', join(dir, 'baseline.json')], env);
      assert.equal(exists.status, 2, 'a baseline is never overwritten');
    } finally {
      await server.close();
    }
  });
});
