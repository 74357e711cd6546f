// The package as a user gets it: `npm pack`, installed into a fresh project, used the README's ways.
// Dependencies come from npm's local cache where it has them (the repository's `npm ci` put the same
// versions there), from the registry otherwise.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import type { ConformanceReport } from '../generated/types/index.ts';
import { root, runAsync, tempDir, waitForLine } from './helpers.ts';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const version = (name: string) => (JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
const write = (dir: string, files: Record<string, string>) => {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
};
const sh = (dir: string, cmd: string, args: string[], what: string) => runAsync(cmd, args, { cwd: dir, what, env: { CI: '1', npm_config_update_notifier: 'false' } });

/** A port nothing listens on: bound, then released. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

let work: string;
let tarball: string;
let app: string;

describe('the packed package, installed in a fresh project', () => {
  before(async () => {
    work = tempDir('oc-consumer-');
    // `npm test` built dist/ already; packing without prepack leaves it in place for the tests that
    // run the CLI at the same time.
    assert.ok(existsSync(join(root, 'dist/mock-server/index.js')), 'dist/ is built (npm run build)');
    const packed = await sh(root, npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], 'npm pack');
    assert.equal(packed.status, 0, packed.stderr);
    tarball = join(work, (JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as { filename: string }[])[0]!.filename);
    app = join(work, 'app');
    mkdirSync(app);
    write(app, { 'package.json': JSON.stringify({ name: 'consumer-app', private: true, type: 'module' }) });
    // vitest and jest are not dev dependencies of this repository: their platform binaries (rollup,
    // unrs-resolver) are not all on this machine's registry, so no complete lockfile can hold them.
    // A plain `npm install` here skips the missing optional ones, as it does for users.
    const deps = [...['@playwright/test', 'msw', 'typescript', '@types/node', '@modelcontextprotocol/sdk'].map((n) => `${n}@${version(n)}`), 'vitest@3.2.7', 'jest@30.5.2'];
    const installed = await sh(app, npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball, ...deps], 'npm install (tarball and tools)');
    assert.equal(installed.status, 0, installed.stderr.slice(-3000));
  });

  it('ships built JavaScript with declarations, and no TypeScript source or loader', () => {
    const pkg = join(app, 'node_modules/oauth-conformance');
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n');
    assert.ok(files.includes('package/dist/mock-server/index.js') && files.includes('package/dist/mock-server/index.d.ts'));
    assert.deepEqual(files.filter((f) => /\.ts$/.test(f) && !/\.d\.c?ts$/.test(f)), []);
    const manifest = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    for (const heavy of ['@playwright/test', 'tsx', 'esbuild', 'typescript']) assert.ok(!(heavy in manifest.dependencies), `${heavy} is not a dependency`);
  });

  it('a frontend install (the package alone) brings neither Playwright nor a TypeScript loader', async () => {
    const lean = join(work, 'lean');
    mkdirSync(lean);
    write(lean, { 'package.json': JSON.stringify({ name: 'lean-app', private: true, type: 'module' }) });
    const r = await sh(lean, npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], 'npm install (package alone)');
    assert.equal(r.status, 0, r.stderr);
    const names = readdirSync(join(lean, 'node_modules')).flatMap((n) => (n.startsWith('@') ? readdirSync(join(lean, 'node_modules', n)).map((m) => `${n}/${m}`) : [n]));
    for (const heavy of ['@playwright/test', 'playwright', 'playwright-core', 'tsx', 'esbuild', 'typescript', 'ioredis']) assert.ok(!names.includes(heavy), `${heavy} installed: ${names.join(', ')}`);
    // ioredis is an optional peer: a Redis store without it is a configuration error naming the install line.
    const redis = await runAsync(join(lean, 'node_modules/.bin/oauth-conformance'), ['mock', '--profile', 'shakr', '--port', '0', '--store', 'redis://127.0.0.1:1/0'], { cwd: lean, what: 'mock --store redis:// without ioredis' });
    assert.equal(redis.status, 2, redis.stdout + redis.stderr);
    assert.match(redis.stderr, /npm install ioredis/);
    // `check` needs Playwright Test: without it, exit 2 and the install line, never a stack trace.
    for (const verb of ['check', 'check-client']) {
      const run = await runAsync(join(lean, 'node_modules/.bin/oauth-conformance'), [verb, ...(verb === 'check' ? ['--profile', 'shakr'] : ['--target', 'missing.json'])], { cwd: lean, what: `${verb} without @playwright/test` });
      assert.equal(run.status, 2, `${verb}: ${run.stdout}${run.stderr}`);
      assert.doesNotMatch(run.stderr, /ERR_MODULE_NOT_FOUND|\n\s+at /, `${verb}: no stack trace`);
    }
    const m = await sh(lean, process.execPath, ['-e', "const m = await import('oauth-conformance/mock'); const s = await m.startMockServer({ profile: 'shakr' }); console.log(s.profile.id); await s.close();", '--input-type=module'], 'mock from a lean install');
    assert.equal(m.stdout.trim(), 'shakr', m.stderr);
  });

  it('plain node: ESM import and CommonJS require of /mock, /msw and /client', async () => {
    write(app, {
      'esm.mjs': `import { startMockServer, loadProfile, builtinProfileIds } from 'oauth-conformance/mock';
import { createAuthHandlers } from 'oauth-conformance/msw';
import { setupServer } from 'msw/node';
const mock = await startMockServer({ profile: 'shakr' });
const c = mock.engine.demo.clients[0];
const res = await fetch(mock.url + '/oauth/token', { method: 'POST', headers: { authorization: 'Basic ' + btoa(c.clientId + ':' + c.clientSecret), 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' });
const auth = await createAuthHandlers({ profile: loadProfile('shield'), baseUrl: 'https://auth.example.test' });
const server = setupServer(...auth.handlers); server.listen({ onUnhandledRequest: 'error' });
const meta = await fetch('https://auth.example.test' + auth.profile.basePath + auth.profile.endpoints.token.path, { method: 'POST' });
server.close();
const page = await fetch(mock.url + '/__admin/ui');
const script = await fetch(mock.url + '/__admin/ui/app.js');
const dashboard = [page.status, script.status, (await script.text()).length > 2000, (await page.text()).includes('/__admin/ui/app.js')];
await mock.close();
console.log(JSON.stringify({ token: res.status, msw: meta.status, ids: builtinProfileIds().length, dashboard }));
`,
      'cjs.cjs': `const { startMockServer } = require('oauth-conformance/mock');
const { createAuthHandlers } = require('oauth-conformance/msw');
require('oauth-conformance/client');
startMockServer({ profile: 'api-video' }).then(async (m) => { const h = await createAuthHandlers({ profile: 'shakr', baseUrl: 'https://a.test' }); const ui = await fetch(m.url + '/__admin/ui/app.js'); console.log(m.profile.id, h.handlers.length > 0, ui.status); await m.close(); });
`,
    });
    const esm = await sh(app, process.execPath, ['esm.mjs'], 'node esm.mjs');
    assert.equal(esm.status, 0, esm.stderr);
    assert.deepEqual(JSON.parse(esm.stdout), { token: 200, msw: 400, ids: 11, dashboard: [200, 200, true, true] }, 'the dashboard is served from the installed package');
    const cjs = await sh(app, process.execPath, ['cjs.cjs'], 'node cjs.cjs');
    assert.equal(cjs.status, 0, cjs.stderr);
    assert.equal(cjs.stdout.trim(), 'api-video true 200');
    assert.doesNotMatch(cjs.stderr, /ExperimentalWarning/);
  });

  it('MCP: the SDK handed to the MSW handlers (mcpSdk) serves the MCP endpoint to the SDK client; a wrong module is a named config error', async () => {
    write(app, {
      'mcp.mjs': `import * as server from '@modelcontextprotocol/sdk/server/index.js';
import * as transport from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import * as types from '@modelcontextprotocol/sdk/types.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createAuthHandlers } from 'oauth-conformance/msw';
import { setupServer } from 'msw/node';
const base = 'https://mcp.example.test';
const auth = await createAuthHandlers({ profile: 'mcp-2025-11-25', baseUrl: base, mcpSdk: { server, transport, types } });
const msw = setupServer(...auth.handlers); msw.listen({ onUnhandledRequest: 'error' });
const reg = await (await fetch(base + '/register', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ redirect_uris: ['https://app.example.test/cb'], grant_types: ['client_credentials'], response_types: [], scope: 'mcp:tools' }) })).json();
const tok = await (await fetch(base + '/token', { method: 'POST', headers: { authorization: 'Basic ' + btoa(reg.client_id + ':' + reg.client_secret), 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'mcp:tools', resource: base + '/mcp' }) })).json();
const client = new Client({ name: 'consumer', version: '1' });
await client.connect(new StreamableHTTPClientTransport(new URL(base + '/mcp'), { requestInit: { headers: { authorization: 'Bearer ' + tok.access_token } } }));
const echo = await client.callTool({ name: 'echo', arguments: { text: 'installed' } });
await client.close(); msw.close();
let refused = '';
try { await createAuthHandlers({ profile: 'mcp-2025-11-25', baseUrl: base, mcpSdk: { server, transport: types, types } }); } catch (e) { refused = e.name + ': ' + e.message; }
console.log(JSON.stringify({ echo: echo.content[0].text, refused }));
`,
    });
    const r = await sh(app, process.execPath, ['mcp.mjs'], 'node mcp.mjs');
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { echo: string; refused: string };
    assert.match(out.echo, /^installed \(for /);
    assert.match(out.refused, /^ConfigError: options: at \/mcpSdk\/transport: expected the module @modelcontextprotocol\/sdk\/server\/webStandardStreamableHttp\.js/);
  });

  it('tsc --noEmit passes under NodeNext and under bundler resolution, without skipLibCheck', async () => {
    const opts = { target: 'ES2022', strict: true, noEmit: true, types: ['node'], lib: ['ES2022', 'DOM'] };
    write(app, {
      'typed.ts': `import { startMockServer, loadProfile, ConfigError, type MockServer, type ResolvedProfile } from 'oauth-conformance/mock';
import { createAuthHandlers, authorizeInPage, type AuthHandlers, type McpSdkModules } from 'oauth-conformance/msw';
import type { CreateClient } from 'oauth-conformance/client';
const noSdk: McpSdkModules | undefined = undefined;
const m: MockServer = await startMockServer({ profile: 'shakr', port: 0 });
const p: ResolvedProfile = loadProfile('shield');
const h: AuthHandlers = await createAuthHandlers({ profile: p, baseUrl: 'https://auth.test', accessTokenLifetime: 60 });
const c: CreateClient = async (ctx) => ({ call: async () => ({ status: (await fetch(ctx.resource.url)).status }) });
console.log(m.url, h.handlers.length, typeof c, typeof authorizeInPage, ConfigError.name, noSdk);
await m.close();
`,
      'typed-cjs.cts': `import mock = require('oauth-conformance/mock');\nvoid mock.startMockServer({ profile: 'shakr' }).then((m) => m.close());\n`,
      'tsconfig.nodenext.json': JSON.stringify({ compilerOptions: { ...opts, module: 'NodeNext', moduleResolution: 'NodeNext' }, files: ['typed.ts', 'typed-cjs.cts'] }),
      'tsconfig.bundler.json': JSON.stringify({ compilerOptions: { ...opts, module: 'ESNext', moduleResolution: 'bundler' }, files: ['typed.ts'] }),
    });
    const tsc = join(app, 'node_modules/typescript/bin/tsc');
    for (const cfg of ['tsconfig.nodenext.json', 'tsconfig.bundler.json']) {
      const r = await sh(app, process.execPath, [tsc, '-p', cfg], `tsc -p ${cfg}`);
      assert.equal(r.status, 0, `${cfg}:\n${r.stdout}${r.stderr}`);
    }
  });

  it('vitest and jest load the MSW handlers with setupServer', async () => {
    const body = `const auth = await createAuthHandlers({ profile: 'shakr', baseUrl: 'https://auth.example.test' });
const server = setupServer(...auth.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
test('token, then the API', async () => {
  const c = auth.engine.demo.clients[0];
  const res = await fetch('https://auth.example.test/oauth/token', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'client_credentials', client_id: c.clientId, client_secret: c.clientSecret, scope: 'video:read' }) });
  expect(res.status).toBe(200);
  const { access_token } = await res.json();
  expect((await fetch('https://auth.example.test/v2/videos', { headers: { authorization: 'Bearer ' + access_token } })).status).toBe(200);
});
`;
    write(app, {
      'vt/auth.test.ts': `import { setupServer } from 'msw/node';\nimport { afterAll, beforeAll, expect, test } from 'vitest';\nimport { createAuthHandlers } from 'oauth-conformance/msw';\n${body}`,
      'jt/auth.test.mjs': `import { setupServer } from 'msw/node';\nimport { createAuthHandlers } from 'oauth-conformance/msw';\n${body}`,
      'jt/mock.test.cjs': `const { startMockServer } = require('oauth-conformance/mock');\ntest('mock from CommonJS', async () => { const m = await startMockServer({ profile: 'shakr' }); expect((await fetch(m.url + '/oauth/token', { method: 'POST' })).status).toBe(400); await m.close(); });\n`,
    });
    const vitest = await sh(app, process.execPath, [join(app, 'node_modules/vitest/vitest.mjs'), 'run', 'vt'], 'vitest run');
    assert.equal(vitest.status, 0, vitest.stdout + vitest.stderr);
    const jestBin = join(app, 'node_modules/jest/bin/jest.js');
    // msw 2's own dependencies are ESM-only, so Jest loads msw/node in its ESM mode.
    const jest = await runAsync(process.execPath, ['--experimental-vm-modules', jestBin, '--rootDir', 'jt', '--testMatch', '**/*.test.{mjs,cjs}'], { cwd: app, what: 'jest', env: { CI: '1' } });
    assert.equal(jest.status, 0, jest.stdout + jest.stderr);
    assert.match(jest.stderr, /Tests:\s+2 passed/);
  });

  it('npx oauth-conformance: mock, check against it with a report, check-client with a TypeScript adapter', async () => {
    const bin = join(app, 'node_modules/.bin/oauth-conformance');
    const child = spawn(bin, ['mock', '--profile', 'shakr', '--port', '0'], { cwd: app, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const ready = await waitForLine(child, /ready at (http:\S+)/, 'mock to print its URL');
      const url = ready[1]!;
      write(app, { 'shakr.target.json': JSON.stringify({ kind: 'server', name: 'local-shakr', profile: 'shakr', baseUrl: url, credentials: { clientId: 'shakr-demo-client', clientSecret: { env: 'SHAKR_SECRET' } } }) });
      const check = await runAsync(bin, ['check', '--target', 'shakr.target.json', '--report', 'reports'], { cwd: app, what: 'check --target', env: { CI: '1', SHAKR_SECRET: 'shakr-demo-secret' } });
      assert.equal(check.status, 0, check.stdout.slice(-3000) + check.stderr);
      const report = JSON.parse(readFileSync(join(app, 'reports/local-shakr.conformance.json'), 'utf8')) as ConformanceReport;
      assert.ok(report.summary.MUST.passed > 10 && report.summary.MUST.failed === 0, JSON.stringify(report.summary));
    } finally {
      child.kill('SIGTERM');
    }
    write(app, {
      'client/fetch.adapter.ts': `import type { CreateClient } from 'oauth-conformance/client';
// A small client: client_credentials with Basic auth, token kept until a 401, one retry.
const create: CreateClient = async (ctx) => {
  const grant = ctx.profile.grants.find((g) => g.type === 'client_credentials')!;
  const tokenUrl: string = ctx.baseUrl + ctx.profile.basePath + ctx.profile.endpoints[grant.endpoint]!.path;
  let token: string | undefined;
  let pending: Promise<string> | undefined;
  const fresh = () => (pending ??= (async () => {
    for (let attempt = 0; ; attempt++) {
      const r = await fetch(tokenUrl, { method: 'POST', headers: { authorization: 'Basic ' + btoa(ctx.credentials.clientId + ':' + ctx.credentials.clientSecret), 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' });
      if (r.ok) return ((await r.json()) as { access_token: string }).access_token;
      if (r.status < 500 || attempt >= 1) throw new Error('token: ' + r.status);
      await new Promise((res) => setTimeout(res, 1000 * Number(r.headers.get('retry-after') ?? 1)));
    }
  })().finally(() => (pending = undefined)));
  return {
    async call() {
      token ??= await fresh();
      let res = await fetch(ctx.resource.url, { method: ctx.resource.method, headers: { authorization: 'Bearer ' + token } });
      if (res.status === 401) {
        token = await fresh();
        res = await fetch(ctx.resource.url, { method: ctx.resource.method, headers: { authorization: 'Bearer ' + token } });
      }
      return { status: res.status };
    },
  };
};
export default create;
`,
      'client/fetch.target.json': JSON.stringify({ kind: 'client', name: 'fetch-client', profile: 'generic-oauth2', adapter: './fetch.adapter.ts' }),
    });
    const cc = await runAsync(bin, ['check-client', '--target', 'client/fetch.target.json', '--report', 'reports'], { cwd: app, what: 'check-client', env: { CI: '1' } });
    assert.ok(cc.status === 0 || cc.status === 1, `a verdict, not a broken run: exit ${cc.status}\n${cc.stdout.slice(-3000)}${cc.stderr}`);
    const report = JSON.parse(readFileSync(join(app, 'reports/fetch-client.conformance.json'), 'utf8')) as ConformanceReport;
    assert.ok(report.checks.filter((c) => c.verdict === 'pass').length >= 3, JSON.stringify(report.summary));
    assert.equal(report.summary.MUST.failed, 0, JSON.stringify(report.checks.filter((c) => c.verdict === 'fail')));
  });

  it('exit codes, help and the report folder, as an installed user meets them', async () => {
    const bin = join(app, 'node_modules/.bin/oauth-conformance');
    const run = (args: string[], env: Record<string, string> = {}) => runAsync(bin, args, { cwd: app, what: `oauth-conformance ${args.join(' ')}`, env: { CI: '1', ...env } });
    for (const verb of ['validate', 'mock', 'check', 'check-client', 'profiles']) {
      const r = await run([verb, '--help']);
      assert.equal(r.status, 0, `${verb} --help: ${r.stderr}`);
      assert.match(r.stdout, new RegExp(`usage: oauth-conformance ${verb}`));
    }
    const unknown = await run(['check', '--profile', 'nope']);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /api-video, fapi2, generic-oauth2, mcp-2025-06-18, mcp-2025-11-25, mcp-2026-07-28, oauth21, oauth21-extended, oidc, shakr, shield/);
    const started = Date.now();
    const closed = await freePort();
    write(app, { 'down.target.json': JSON.stringify({ kind: 'server', profile: 'shakr', baseUrl: `http://127.0.0.1:${closed}/` }) });
    const down = await run(['check', '--target', 'down.target.json', '--report', 'reports']);
    assert.equal(down.status, 2, down.stdout + down.stderr);
    assert.match(down.stderr, new RegExp(`cannot reach http://127\\.0\\.0\\.1:${closed}/ \\(ECONNREFUSED\\)`));
    assert.ok(Date.now() - started < 60_000, 'an unreachable target stops before any check runs');
    const none = await run(['check', '--profile', 'shakr', '--grep', 'no-such-check-anywhere', '--report', 'reports']);
    assert.equal(none.status, 2, none.stdout + none.stderr);
    assert.match(none.stderr, /matches no check/);
    write(app, { 'mine/notes.txt': 'my own file' });
    const refused = await run(['check', '--profile', 'shakr', '--report', 'mine']);
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /holds files oauth-conformance did not write \(notes\.txt\)/);
    assert.equal(readFileSync(join(app, 'mine/notes.txt'), 'utf8'), 'my own file');
    assert.ok(existsSync(join(app, 'reports/local-shakr.conformance.json')), 'an earlier run’s report survives later runs into the same folder');
    for (const shard of ['1/2', '2/2']) {
      const r = await run(['check', '--profile', 'shakr', '--shard', shard, '--report', 'sharded']);
      assert.equal(r.status, 0, r.stdout.slice(-2000) + r.stderr);
    }
    const sharded = readdirSync(join(app, 'sharded'));
    for (const f of ['shakr.shard-1-of-2.conformance.json', 'shakr.shard-2-of-2.conformance.json', 'junit.shard-1-of-2.xml', 'junit.shard-2-of-2.xml', 'html.shard-1-of-2', 'html.shard-2-of-2']) assert.ok(sharded.includes(f), `${f} in ${sharded.join(', ')}`);
    // No browser anywhere: the browser checks cannot run, so the run is not judged.
    const noBrowser = await run(['check', '--profile', 'oauth21', '--report', 'reports'], { CHROMIUM_PATH: '/nonexistent/chromium', PLAYWRIGHT_BROWSERS_PATH: join(work, 'no-browsers') });
    assert.equal(noBrowser.status, 2, noBrowser.stdout.slice(-2000) + noBrowser.stderr);
    assert.match(noBrowser.stderr, /npx playwright install chromium/);
    // A client whose adapter does not load, or is not there, was never judged.
    write(app, { 'client/bad.adapter.ts': 'export default 42; const = ;\n', 'client/bad.target.json': JSON.stringify({ kind: 'client', name: 'bad-client', profile: 'shakr', adapter: './bad.adapter.ts' }), 'client/gone.target.json': JSON.stringify({ kind: 'client', profile: 'shakr', adapter: './gone.adapter.ts' }) });
    const bad = await run(['check-client', '--target', 'client/bad.target.json', '--report', 'reports']);
    assert.equal(bad.status, 2, bad.stdout.slice(-2000) + bad.stderr);
    assert.match(bad.stderr, /could not be judged: bad-client: adapter could not be loaded:/);
    assert.match(bad.stdout, /verdict: NOT JUDGED/);
    // No verdict on a check never judged: each ends not judged (or not applicable), with the load error.
    const badReport = JSON.parse(readFileSync(join(app, 'reports/bad-client.conformance.json'), 'utf8')) as { checks: { id: string; verdict: string; reason?: string; unlock?: string }[] };
    assert.ok(badReport.checks.length > 0);
    assert.deepEqual(badReport.checks.filter((c) => c.verdict !== 'not-judged' && c.verdict !== 'not-applicable').map((c) => `${c.id} ${c.verdict}`), []);
    const notJudgedBad = badReport.checks.filter((c) => c.verdict === 'not-judged');
    assert.ok(notJudgedBad.length > 0 && notJudgedBad.every((c) => c.unlock === 'adapter' && /adapter could not be loaded: .*bad\.adapter\.ts/.test(c.reason ?? '')), JSON.stringify(notJudgedBad[0]));
    // A JavaScript adapter is loaded by Node as it is: one that imports TypeScript is told to be .ts.
    write(app, { 'client/helper.ts': 'export const n: number = 1;\n', 'client/js.adapter.mjs': "import { n } from './helper.ts';\nexport default async () => ({ call: async () => ({ status: n }) });\n", 'client/js.target.json': JSON.stringify({ kind: 'client', name: 'js-client', profile: 'shakr', adapter: './js.adapter.mjs' }) });
    const js = await run(['check-client', '--target', 'client/js.target.json', '--report', 'reports']);
    assert.equal(js.status, 2, js.stdout.slice(-2000) + js.stderr);
    assert.match(js.stderr, /js-client: adapter could not be loaded: .*helper\.ts.*name it \.ts or \.mts/);
    const gone = await run(['check-client', '--target', 'client/gone.target.json']);
    assert.equal(gone.status, 2);
    assert.match(gone.stderr, /at \/adapter: expected the path of the client adapter module/);
    // Validating a target needs none of its secrets, and says which a run will need.
    const valid = await run(['validate', 'shakr.target.json']);
    assert.equal(valid.status, 0, valid.stdout + valid.stderr);
    assert.match(valid.stdout, /a run needs SHAKR_SECRET \(unset now\)/);
  });
});
