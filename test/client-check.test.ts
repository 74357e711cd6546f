// The client suite discriminates: the reference client passes every check, the naive one fails the
// checks it should (token per call, no refresh, no backoff, Retry-After ignored) and no others.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { ConformanceReport } from '../generated/types/index.ts';
import { loadProfile } from '../lib/profiles.ts';
import { loadTarget } from '../lib/targets.ts';
import { runOfTarget } from '../suites/run-spec.ts';
import { root, runCliAsync, tempFiles } from './helpers.ts';

const naiveFails = ['client.bounded-retries', 'client.honours-retry-after', 'client.refresh-on-expiry', 'client.retry-after-401', 'client.single-refresh', 'client.token-reuse'];

/**
 * `check-client --target` on these target files, handed to the runner as the list of runs `--target`
 * makes of them, with the MUST failures the test asserts declared to Playwright as known: Playwright
 * restarts its worker after every unexpected failure (~2.4 core-s each, ~34 here). The runs share one
 * worker process (a group, as the defect matrix's runs do; each run keeps its own adapter, key and
 * mocks) instead of one process each. The verdicts, the reports and the exit code are what `--target`
 * gives; the assertions read those.
 */
function checkClients(targets: { file: string; fails?: string[] }[], args: string[], env: Record<string, string> = {}): ReturnType<typeof runCliAsync> {
  const runs = targets.map(({ file, fails }) => ({ ...runOfTarget(loadTarget(file)), group: 'clients', ...(fails?.length ? { expectFail: fails, expectFailBecause: 'the test expects this failure' } : {}) }));
  const file = join(tempFiles({}), 'runs.json');
  writeFileSync(file, JSON.stringify(runs));
  return runCliAsync(['check', '--runs', file, ...args], { CI: '1', ...env });
}
const example = (name: string, fails?: string[]) => ({ file: join(root, 'examples/clients', `${name}.target.json`), ...(fails ? { fails } : {}) });

// Independent runs (reports, mocks and hosts of their own), two at a time: several wait on real time
// (a device client's polling interval), which leaves a core free.
describe('check-client', { concurrency: 2 }, () => {
  it('reference passes, naive fails exactly the right checks (api-video and shield)', async () => {
    const reports = join(tempFiles({}), 'reports');
    const targets = ['reference.api-video', 'naive.api-video', 'reference.shield', 'naive.shield'].flatMap((n) => ['--target', join(root, 'examples/clients', `${n}.target.json`)]);
    const r = await runCliAsync(['check-client', ...targets, '--report', reports], { CI: '1' });
    assert.equal(r.status, 0, 'SHOULD failures alone do not fail the run\n' + r.stdout.slice(-2000) + r.stderr.slice(-2000));
    const read = (name: string) => JSON.parse(readFileSync(join(reports, `${name}.conformance.json`), 'utf8')) as ConformanceReport;
    for (const profile of ['api-video', 'shield']) {
      const ref = read(`reference-client-${profile}`);
      assert.equal(ref.target.kind, 'client');
      assert.deepEqual(ref.checks.filter((c) => c.verdict === 'fail' || c.verdict === 'warn').map((c) => c.id), [], `reference on ${profile}`);
      assert.ok(ref.checks.filter((c) => c.verdict === 'pass').length >= 9, `reference on ${profile} ran the checks`);
      const naive = read(`naive-client-${profile}`);
      assert.deepEqual(naive.checks.filter((c) => c.verdict === 'warn').map((c) => c.id).sort(), naiveFails, `naive on ${profile}: SHOULD checks not met are warnings`);
      assert.deepEqual(naive.checks.filter((c) => c.verdict === 'fail').map((c) => c.id), [], `naive on ${profile}: no MUST failure`);
      for (const c of naive.checks.filter((x) => x.verdict === 'warn')) assert.ok(c.evidence?.length, `${c.id} has evidence`);
    }
    // The mock's tokens in the evidence are decoded and checked with its key: the view the dashboard shows.
    const views = (['api-video', 'shield'] as const).flatMap((p) => read(`reference-client-${p}`).checks.flatMap((c) => (c.evidence ?? []).flatMap((e) => e.tokens ?? [])));
    assert.ok(views.length > 0 && views.every((v) => v.signature === 'verified'), `decoded tokens in check-client evidence: ${views.length}, ${[...new Set(views.map((v) => v.signature))].join(', ')}`);
    assert.match(readFileSync(join(reports, 'reference-client-shield.summary.html'), 'utf8'), /signature verified with the mock’s key/);
    const withShould = await runCliAsync(['check-client', '--target', join(root, 'examples/clients/naive.shield.target.json'), '--report', reports, '--fail-on-should', '--grep', 'token-reuse'], { CI: '1' });
    assert.equal(withShould.status, 1, '--fail-on-should makes SHOULD warnings fail the run');
  });
  it('OpenID Connect relying parties: openid-client refuses every spoiled ID Token the spec binds it to; the naive RP is caught', async () => {
    const reports = join(tempFiles({}), 'reports');
    const r = await checkClients([example('openid-client.oidc'), example('naive-oidc.oidc', ['client.oidc.rejects-wrong-aud', 'client.oidc.rejects-wrong-iss', 'client.oidc.rejects-expired'])], ['--report', reports, '--grep', 'client\\.oidc\\.']);
    assert.equal(r.status, 1, 'the naive RP fails MUST checks\n' + r.stdout.slice(-2000) + r.stderr.slice(-2000));
    const read = (name: string) => JSON.parse(readFileSync(join(reports, `${name}.conformance.json`), 'utf8')) as ConformanceReport;
    const verdicts = (rep: ConformanceReport) => Object.fromEntries(rep.checks.map((c) => [c.id, c.verdict]));
    // openid-client leaves the signature of an ID Token from the token endpoint to TLS, as Core §3.1.3.7 allows (MAY).
    assert.deepEqual(verdicts(read('openid-client-oidc')), {
      'client.oidc.pkce': 'pass',
      'client.oidc.state-nonce': 'pass',
      'client.oidc.rejects-wrong-nonce': 'pass',
      'client.oidc.rejects-wrong-aud': 'pass',
      'client.oidc.rejects-wrong-iss': 'pass',
      'client.oidc.rejects-expired': 'pass',
      'client.oidc.rejects-bad-signature': 'warn',
    });
    const naive = read('naive-oidc-client');
    assert.deepEqual(verdicts(naive), {
      'client.oidc.pkce': 'pass',
      'client.oidc.state-nonce': 'warn',
      'client.oidc.rejects-wrong-nonce': 'not-judged',
      'client.oidc.rejects-wrong-aud': 'fail',
      'client.oidc.rejects-wrong-iss': 'fail',
      'client.oidc.rejects-expired': 'fail',
      'client.oidc.rejects-bad-signature': 'warn',
    });
    for (const c of naive.checks.filter((x) => x.verdict === 'fail')) assert.ok(c.evidence?.length, `${c.id} has evidence`);
  });
  it('device clients (RFC 8628): openid-client shows the code, keeps the interval, backs off on slow_down and stops on access_denied and expired_token; a client that polls too fast and keeps polling is caught', async () => {
    const reports = join(tempFiles({}), 'reports');
    // Every client check, not only the device ones: those of a client that fetches its own token are not judged here.
    const r = await checkClients([example('openid-client-device.device'), example('naive-device.device', ['client.device.interval', 'client.device.slow-down', 'client.device.stops-on-denied', 'client.device.stops-on-expired'])], ['--report', reports]);
    assert.equal(r.status, 1, 'the naive device client fails MUST checks\n' + r.stdout.slice(-2000) + r.stderr.slice(-2000));
    const read = (name: string) => JSON.parse(readFileSync(join(reports, `${name}.conformance.json`), 'utf8')) as ConformanceReport;
    const ids = ['client.device.shows-code', 'client.device.interval', 'client.device.slow-down', 'client.device.stops-on-denied', 'client.device.stops-on-expired'];
    const verdicts = (rep: ConformanceReport) => Object.fromEntries(rep.checks.filter((c) => ids.includes(c.id)).map((c) => [c.id, c.verdict]));
    for (const name of ['openid-client-device-client', 'naive-device-client']) {
      const others = read(name).checks.filter((c) => !ids.includes(c.id));
      assert.deepEqual(others.filter((c) => c.verdict !== 'not-judged' && c.verdict !== 'not-applicable').map((c) => `${c.id}: ${c.verdict}`), [], `${name}: no verdict on what a device client never does`);
      assert.ok(others.filter((c) => c.verdict === 'not-judged').every((c) => /gets its tokens another way/.test(c.reason ?? '')), `${name}: the reason is said`);
    }
    assert.deepEqual(verdicts(read('openid-client-device-client')), Object.fromEntries(ids.map((id) => [id, 'pass'])));
    assert.deepEqual(verdicts(read('naive-device-client')), { ...Object.fromEntries(ids.map((id) => [id, 'fail'])), 'client.device.shows-code': 'pass' });
    const naive = read('naive-device-client');
    for (const c of naive.checks.filter((x) => x.verdict === 'fail')) assert.ok(c.evidence?.length, `${c.id} has evidence`);
    assert.match(JSON.stringify(naive.checks.find((c) => c.id === 'client.device.stops-on-denied')), /polls after access_denied/);
  });
  it('token exchange and JWT bearer clients: openid-client (with jose) names the subject token’s type and signs assertions RFC 7523 §3 asks for; a client that says "access_token" and addresses its assertion to the API is caught', async () => {
    const reports = join(tempFiles({}), 'reports');
    const r = await checkClients([example('openid-client-grants.oauth21-extended'), example('naive-grants.oauth21-extended', ['client.token-exchange.request', 'client.jwt-bearer.assertion'])], ['--report', reports, '--grep', 'client\\.(token-exchange|jwt-bearer)\\.']);
    assert.equal(r.status, 1, 'the naive client fails MUST checks\n' + r.stdout.slice(-2000) + r.stderr.slice(-2000));
    const read = (name: string) => JSON.parse(readFileSync(join(reports, `${name}.conformance.json`), 'utf8')) as ConformanceReport;
    const verdicts = (rep: ConformanceReport) => Object.fromEntries(rep.checks.map((c) => [c.id, c.verdict]));
    assert.deepEqual(verdicts(read('openid-client-grants-client')), { 'client.token-exchange.request': 'pass', 'client.jwt-bearer.assertion': 'pass' });
    const naive = read('naive-grants-client');
    assert.deepEqual(verdicts(naive), { 'client.token-exchange.request': 'fail', 'client.jwt-bearer.assertion': 'fail' });
    assert.match(JSON.stringify(naive.checks.find((c) => c.id === 'client.token-exchange.request')), /received \\"access_token\\"/);
    assert.match(JSON.stringify(naive.checks.find((c) => c.id === 'client.jwt-bearer.assertion')), /aud names the server/);
  });
  it('DPoP clients: openid-client and oauth4webapi send a fresh proof per request, answer the nonce, keep one key, sign their client assertions and push their authorization requests (oauth21-extended, fapi2); a client that reuses one proof, ignores the nonce, switches keys, addresses its assertion to the API and does not push its authorization request is caught', async () => {
    const reports = join(tempFiles({}), 'reports');
    const proofFails = ['client.dpop.proof', 'client.dpop.unique-jti', 'client.dpop.nonce'];
    const libs = ['openid-client-dpop.oauth21-extended', 'openid-client-dpop.fapi2', 'oauth4webapi-dpop.oauth21-extended', 'oauth4webapi-dpop.fapi2'].map((n) => example(n));
    const naives = [example('naive-dpop.oauth21-extended', proofFails), example('naive-dpop.dpop', [...proofFails, 'client.dpop.one-key']), example('naive-dpop.fapi2', [...proofFails, 'client.private-key-jwt.assertion', 'client.par.used'])];
    const r = await checkClients([...libs, ...naives], ['--report', reports, '--grep', 'client\\.(dpop|private-key-jwt|par)\\.']);
    assert.equal(r.status, 1, 'the naive client fails MUST checks\n' + r.stdout.slice(-2000) + r.stderr.slice(-2000));
    const read = (name: string) => JSON.parse(readFileSync(join(reports, `${name}.conformance.json`), 'utf8')) as ConformanceReport;
    const verdicts = (rep: ConformanceReport) => Object.fromEntries(rep.checks.map((c) => [c.id, c.verdict]));
    const withNonce = { 'client.dpop.proof': 'pass', 'client.dpop.unique-jti': 'pass', 'client.dpop.nonce': 'pass', 'client.dpop.one-key': 'pass', 'client.private-key-jwt.assertion': 'not-applicable', 'client.par.used': 'not-applicable' };
    // fapi2: the sign-in too, its request pushed (RFC 9126).
    const fapi = { 'client.dpop.proof': 'pass', 'client.dpop.unique-jti': 'pass', 'client.dpop.nonce': 'pass', 'client.dpop.one-key': 'pass', 'client.private-key-jwt.assertion': 'pass', 'client.par.used': 'pass' };
    for (const lib of ['openid-client', 'oauth4webapi']) {
      assert.deepEqual(verdicts(read(`${lib}-dpop-client-oauth21-extended`)), withNonce, lib);
      assert.deepEqual(verdicts(read(`${lib}-dpop-client-fapi2`)), fapi, lib);
    }
    assert.deepEqual(verdicts(read('naive-dpop-client-oauth21-extended')), { 'client.dpop.proof': 'fail', 'client.dpop.unique-jti': 'fail', 'client.dpop.nonce': 'fail', 'client.dpop.one-key': 'not-judged', 'client.private-key-jwt.assertion': 'not-applicable', 'client.par.used': 'not-applicable' });
    // Where the server asks for no nonce, a fault rule (dpop: use-nonce) makes it ask once.
    assert.deepEqual(verdicts(read('naive-dpop-client-dpop')), { 'client.dpop.proof': 'fail', 'client.dpop.unique-jti': 'fail', 'client.dpop.nonce': 'fail', 'client.dpop.one-key': 'fail', 'client.private-key-jwt.assertion': 'not-applicable', 'client.par.used': 'not-applicable' });
    assert.deepEqual(verdicts(read('naive-dpop-client-fapi2')), { 'client.dpop.proof': 'fail', 'client.dpop.unique-jti': 'fail', 'client.dpop.nonce': 'fail', 'client.dpop.one-key': 'not-judged', 'client.private-key-jwt.assertion': 'fail', 'client.par.used': 'fail' });
    assert.match(JSON.stringify(read('naive-dpop-client-dpop').checks.find((c) => c.id === 'client.dpop.proof')), /htm: expected/);
  });
  it('MCP clients: the official SDK client passes discovery, resource, PKCE, registration, one token per server (three revisions) and application_type (2026-07-28), and fails RFC 8414 §3.3 and RFC 9207 unless its host checks the issuer; a client that skips discovery and resource, carries its token anywhere and names no application_type is caught', async () => {
    const reports = join(tempFiles({}), 'reports');
    const naiveMcp = ['client.mcp.discovery', 'client.mcp.resource', 'client.mcp.token-per-server'];
    const targets = [
      example('mcp-sdk.mcp-2025-06-18', ['client.mcp.metadata-issuer']),
      example('mcp-sdk.mcp-2025-11-25', ['client.mcp.metadata-issuer']),
      example('mcp-sdk.mcp-2026-07-28', ['client.mcp.metadata-issuer', 'client.mcp.iss']),
      example('mcp-sdk-issuer-checked.mcp-2026-07-28'),
      example('naive-mcp.mcp-2025-11-25', naiveMcp),
      example('naive-mcp.mcp-2026-07-28', [...naiveMcp, 'client.mcp.application-type', 'client.mcp.iss']),
    ];
    const r = await checkClients(targets, ['--report', reports, '--grep', 'client\\.mcp\\.']);
    assert.equal(r.status, 1, 'the naive client fails MUST checks\n' + r.stdout.slice(-2000) + r.stderr.slice(-2000));
    const read = (name: string) => JSON.parse(readFileSync(join(reports, `${name}.conformance.json`), 'utf8')) as ConformanceReport;
    const verdicts = (rep: ConformanceReport) => Object.fromEntries(rep.checks.map((c) => [c.id, c.verdict]));
    // No target here names a metadata document, so the order "metadata document before registration" is not judged.
    // application_type is asked for from 2026-07-28 on.
    const all = (v: string) => ({ 'client.mcp.discovery': v, 'client.mcp.resource': v, 'client.mcp.pkce': v, 'client.mcp.registration': v, 'client.mcp.token-per-server': v, 'client.mcp.metadata-issuer': v, 'client.mcp.client-id-metadata-document': 'not-applicable', 'client.mcp.application-type': 'not-applicable', 'client.mcp.iss': 'not-applicable' });
    // The SDK (1.32) uses authorization server metadata whatever issuer it names (its source says it
    // does not check) and hands on the code whatever iss came with it; the same SDK behind a host that
    // checks both passes. iss and application_type are asked for from 2026-07-28 on.
    const sdk = { ...all('pass'), 'client.mcp.metadata-issuer': 'fail' };
    assert.deepEqual(verdicts(read('mcp-sdk-client-2025-06-18')), sdk);
    assert.deepEqual(verdicts(read('mcp-sdk-client-2025-11-25')), sdk);
    assert.deepEqual(verdicts(read('mcp-sdk-client-2026-07-28')), { ...sdk, 'client.mcp.application-type': 'pass', 'client.mcp.iss': 'fail' });
    assert.deepEqual(verdicts(read('mcp-sdk-issuer-checked-2026-07-28')), { ...all('pass'), 'client.mcp.application-type': 'pass', 'client.mcp.iss': 'pass' });
    // The naive client never reads the metadata, so it cannot be judged on using it (its discovery fails).
    const naiveFails = { 'client.mcp.discovery': 'fail', 'client.mcp.resource': 'fail', 'client.mcp.token-per-server': 'fail', 'client.mcp.metadata-issuer': 'not-judged' };
    assert.deepEqual(verdicts(read('naive-mcp-client')), { ...all('pass'), ...naiveFails });
    assert.deepEqual(verdicts(read('naive-mcp-client-2026-07-28')), { ...all('pass'), ...naiveFails, 'client.mcp.application-type': 'fail', 'client.mcp.iss': 'fail' });
    assert.match(read('mcp-sdk-client-2025-06-18').checks.find((c) => c.id === 'client.mcp.client-id-metadata-document')!.reason ?? '', /does not advertise Client ID Metadata Documents/);
  });

  it('MCP clients that host a Client ID Metadata Document (https, self-signed, trusted through NODE_EXTRA_CA_CERTS): the SDK client uses it where the server advertises support and registers where it does not; a client that registers anyway is caught', async (t) => {
    const dir = tempFiles({});
    const openssl = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { encoding: 'utf8' });
    if (openssl.status !== 0) return t.skip(`openssl could not make a test certificate: ${openssl.stderr || openssl.error?.message}`);
    // The client's host: its metadata document at an https URL, as MCP 2025-11-25 requires.
    const fetched: string[] = [];
    let url = '';
    const redirects = ['mcp-2025-06-18', 'mcp-2025-11-25'].flatMap((p) => loadProfile(p).mock.clients.flatMap((c) => c.redirectUris ?? []));
    const host = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (req, res) => {
      fetched.push(req.url ?? '');
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ client_id: url, client_name: 'An MCP host with a metadata document', redirect_uris: [...new Set(redirects)], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], token_endpoint_auth_method: 'none' }));
    });
    await new Promise<void>((r) => host.listen(0, '127.0.0.1', r));
    url = `https://127.0.0.1:${(host.address() as AddressInfo).port}/clients/host.json`;
    try {
      const target = (name: string, profile: string, adapter: string, fails?: string[]) => {
        const file = join(dir, `${name}.target.json`);
        writeFileSync(file, JSON.stringify({ kind: 'client', name, profile, adapter: join(root, 'examples/clients', adapter), clientMetadataUrl: url }));
        return { file, ...(fails ? { fails } : {}) };
      };
      const reports = join(dir, 'reports');
      const targets = [target('sdk-cimd-1125', 'mcp-2025-11-25', 'mcp-sdk.adapter.ts'), target('sdk-cimd-0618', 'mcp-2025-06-18', 'mcp-sdk.adapter.ts'), target('naive-cimd', 'mcp-2025-11-25', 'naive-mcp.adapter.ts', ['client.mcp.token-per-server'])];
      const r = await checkClients(targets, ['--report', reports, '--grep', 'client\\.mcp\\.(registration|client-id|token-per|application)'], { NODE_EXTRA_CA_CERTS: join(dir, 'cert.pem') });
      assert.equal(r.status, 1, 'the naive client fails token-per-server (MUST)\n' + r.stdout.slice(-2000) + r.stderr.slice(-2000));
      const read = (name: string) => JSON.parse(readFileSync(join(reports, `${name}.conformance.json`), 'utf8')) as ConformanceReport;
      const verdicts = (rep: ConformanceReport) => Object.fromEntries(rep.checks.map((c) => [c.id, c.verdict]));
      assert.deepEqual(verdicts(read('sdk-cimd-1125')), { 'client.mcp.registration': 'pass', 'client.mcp.client-id-metadata-document': 'pass', 'client.mcp.token-per-server': 'pass', 'client.mcp.application-type': 'not-applicable' });
      assert.ok(fetched.includes('/clients/host.json'), 'the mock fetched the document from the client’s host');
      // 2025-06-18 has no metadata documents: the same client registers dynamically, correctly.
      assert.deepEqual(verdicts(read('sdk-cimd-0618')), { 'client.mcp.registration': 'pass', 'client.mcp.client-id-metadata-document': 'not-applicable', 'client.mcp.token-per-server': 'pass', 'client.mcp.application-type': 'not-applicable' });
      const naive = read('naive-cimd');
      assert.deepEqual(verdicts(naive), { 'client.mcp.registration': 'pass', 'client.mcp.client-id-metadata-document': 'warn', 'client.mcp.token-per-server': 'fail', 'client.mcp.application-type': 'not-applicable' });
      assert.match(JSON.stringify(naive.checks.find((c) => c.id === 'client.mcp.client-id-metadata-document')), /dynamic client registrations before authorizing \(1\)/);
    } finally {
      host.close();
    }
  });
});
