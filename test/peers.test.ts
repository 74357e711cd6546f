// Verdicts on servers nobody here wrote: oauth2-mock-server, oidc-provider (OpenID Certified) and
// @node-oauth/oauth2-server, each started in-process on an ephemeral port and checked through its
// example's profile and target. Every check's verdict must equal the example's expected-verdicts.json
// (skips with the same reason); a difference either way fails, so a false failure on a correct server
// is caught as surely as a missed deviation.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { ConformanceReport } from '../generated/types/index.ts';
import { startNodeOAuth2Server } from '../examples/node-oauth2-server/start.ts';
import { startOauth2MockServer } from '../examples/oauth2-mock-server/start.ts';
import { startOidcProvider } from '../examples/oidc-provider/start.ts';
import { startSdkMcpServer } from '../examples/mcp-sdk-server/start.ts';
import { root, runCliAsync, tempFiles } from './helpers.ts';

interface Expected {
  server: string;
  judged?: string;
  checks: Record<string, { verdict: 'pass' | 'fail' | 'skip'; level?: string; reason?: string; note?: string }>;
}

const peers: { name: string; start: () => Promise<{ url: string; issuer?: string; resourceUrl?: string; close: () => Promise<void> }> }[] = [
  { name: 'oauth2-mock-server', start: () => startOauth2MockServer(0) },
  { name: 'oidc-provider', start: () => startOidcProvider(0) },
  { name: 'node-oauth2-server', start: () => startNodeOAuth2Server(0) },
  { name: 'mcp-sdk-server', start: () => startSdkMcpServer(0) },
];

/** Differences between a report and the expected verdicts, one line each. */
function verdictDifferences(report: ConformanceReport, expected: Expected): string[] {
  const out: string[] = [];
  const got = new Map(report.checks.map((c) => [c.id, c]));
  for (const [id, want] of Object.entries(expected.checks)) {
    const c = got.get(id);
    if (!c) out.push(`${id}: expected ${want.verdict}, not in the report`);
    else if (c.verdict !== want.verdict) out.push(`${id}: expected ${want.verdict}, got ${c.verdict}${c.reason ? ` (${c.reason.split('\n')[0]})` : ''}`);
    else if (want.verdict === 'skip' && c.reason !== want.reason) out.push(`${id}: skipped for another reason: "${c.reason}" (expected "${want.reason}")`);
    else if (want.level && c.level !== want.level) out.push(`${id}: level ${c.level}, expected ${want.level}`);
  }
  for (const id of got.keys()) if (!(id in expected.checks)) out.push(`${id}: ${got.get(id)!.verdict} but not in expected-verdicts.json`);
  return out;
}

describe('verdicts on real servers (examples/*/expected-verdicts.json)', () => {
  for (const peer of peers) {
    it(peer.name, async () => {
      const dir = join(root, 'examples', peer.name);
      const server = await peer.start();
      try {
        const target = JSON.parse(readFileSync(join(dir, 'target.json'), 'utf8')) as Record<string, unknown>;
        const tmp = tempFiles({
          'target.json': { ...target, $schema: undefined, profile: join(dir, 'profile.json'), baseUrl: server.url, ...(target.issuer ? { issuer: server.issuer ?? server.url } : {}), ...(server.resourceUrl ? { resourceBaseUrl: server.resourceUrl } : {}) },
        });
        const reports = join(tmp, 'reports');
        const r = await runCliAsync(['check', '--target', join(tmp, 'target.json'), '--report', reports], { CI: '1', OAUTH_CONFORMANCE_TRACE: 'off', PEER_CLIENT_SECRET: 'secret', PEER_PASSWORD: 'pass' }, { what: `check against ${peer.name}` });
        assert.ok(r.status === 0 || r.status === 1, `a verdict, not a broken run: exit ${r.status}\n${r.stdout.slice(-2000)}${r.stderr.slice(-2000)}`);
        const report = JSON.parse(readFileSync(join(reports, `${peer.name}.conformance.json`), 'utf8')) as ConformanceReport;
        const expected = JSON.parse(readFileSync(join(dir, 'expected-verdicts.json'), 'utf8')) as Expected;
        const wrong = verdictDifferences(report, expected);
        assert.deepEqual(wrong, [], `${peer.name}:\n${wrong.join('\n')}`);
        assert.equal(r.status, report.summary.MUST.failed > 0 ? 1 : 0, 'exit code follows the MUST failures');
      } finally {
        await server.close();
      }
    });
  }
});
