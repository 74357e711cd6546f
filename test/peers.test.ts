// Verdicts on servers nobody here wrote: oauth2-mock-server, oidc-provider (OpenID Certified; once as
// configured for FAPI 2.0: PAR required, DPoP, private_key_jwt),
// @node-oauth/oauth2-server, @jmondi/oauth2-server, oauth2orize with Passport and an MCP server built with the official SDK, each started in-process on
// an ephemeral port and checked through its example's profile and target with `check --baseline`.
// The CLI's own baseline logic decides the exit code; this test also requires the report to match the
// baseline check by check (outcome, level, and the reason of every check not judged), so a false
// failure on a correct server is caught as surely as a missed deviation.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { ConformanceReport } from '../generated/types/index.ts';
import { compareToBaseline, describeComparison, loadBaseline } from '../lib/baseline.ts';
import { startNodeOAuth2Server } from '../examples/node-oauth2-server/start.ts';
import { startOauth2MockServer } from '../examples/oauth2-mock-server/start.ts';
import { startOidcProvider } from '../examples/oidc-provider/start.ts';
import { startOidcProviderFapi2 } from '../examples/oidc-provider-fapi2/start.ts';
import { startSdkMcpServer } from '../examples/mcp-sdk-server/start.ts';
import { startJmondiOAuth2Server } from '../examples/jmondi-oauth2-server/start.ts';
import { startOauth2orize } from '../examples/oauth2orize/start.ts';
import { root, runCliAsync, tempFiles } from './helpers.ts';

export const peers: { name: string; start: () => Promise<{ url: string; issuer?: string; resourceUrl?: string; close: () => Promise<void> }> }[] = [
  { name: 'oauth2-mock-server', start: () => startOauth2MockServer(0) },
  { name: 'oidc-provider', start: () => startOidcProvider(0) },
  { name: 'oidc-provider-fapi2', start: () => startOidcProviderFapi2(0) },
  { name: 'node-oauth2-server', start: () => startNodeOAuth2Server(0) },
  { name: 'mcp-sdk-server', start: () => startSdkMcpServer(0) },
  { name: 'jmondi-oauth2-server', start: () => startJmondiOAuth2Server(0) },
  { name: 'oauth2orize', start: () => startOauth2orize(0) },
];

/** The example's target, pointed at the running server, in a temp folder. */
export function targetFor(peer: string, server: { url: string; issuer?: string; resourceUrl?: string }): string {
  const dir = join(root, 'examples', peer);
  const target = JSON.parse(readFileSync(join(dir, 'target.json'), 'utf8')) as Record<string, unknown>;
  const tmp = tempFiles({
    'target.json': { ...target, $schema: undefined, profile: join(dir, 'profile.json'), baseUrl: server.url, ...(target.issuer ? { issuer: server.issuer ?? server.url } : {}), ...(server.resourceUrl ? { resourceBaseUrl: server.resourceUrl } : {}) },
  });
  return tmp;
}

export const peerEnv = { CI: '1', OAUTH_CONFORMANCE_TRACE: 'off', PEER_CLIENT_SECRET: 'secret', PEER_PASSWORD: 'pass' };

// Each server and its run are independent: three at a time, so a run waiting on its one worker (a
// server whose refresh tokens a new login voids is checked serially) leaves the cores to the others.
describe('verdicts on real servers (examples/*/baseline.json)', { concurrency: 3 }, () => {
  for (const peer of peers) {
    it(peer.name, async () => {
      const baselineFile = join(root, 'examples', peer.name, 'baseline.json');
      const server = await peer.start();
      try {
        const tmp = targetFor(peer.name, server);
        const reports = join(tmp, 'reports');
        const r = await runCliAsync(['check', '--target', join(tmp, 'target.json'), '--report', reports, '--baseline', baselineFile], peerEnv, { what: `check against ${peer.name}` });
        assert.ok(r.status === 0 || r.status === 1, `a verdict, not a broken run: exit ${r.status}\n${r.stdout.slice(-2000)}${r.stderr.slice(-2000)}`);
        const report = JSON.parse(readFileSync(join(reports, `${peer.name}.conformance.json`), 'utf8')) as ConformanceReport;
        const cmp = compareToBaseline(report, loadBaseline(baselineFile));
        const wrong = describeComparison(cmp);
        assert.deepEqual(wrong, [], `${peer.name}:\n${wrong.join('\n')}`);
        assert.equal(r.status, 0, 'no new failure against the baseline: exit 0');
        assert.match(r.stdout, /baseline .*: 0 new failure\(s\), 0 fixed, 0 other change\(s\)/);
      } finally {
        await server.close();
      }
    });
  }
});
