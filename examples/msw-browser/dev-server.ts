// Serves the example app: msw's own `msw init` writes the service-worker script (so it always
// matches the installed msw), esbuild bundles src/ for the browser (again when a source changes), and esbuild's server serves both
// with index.html. Used by `npm run example:msw` and by the Playwright test (port 0: a free port).
// MSW_PACKAGE swaps msw for another copy: the tests also run the lowest msw of the peer range
// (devDependency `msw-lowest`). A Vite app needs none of this: see the README's three lines.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = fileURLToPath(new URL('.', import.meta.url));
const mswPackage = process.env.MSW_PACKAGE ?? 'msw';
/** What the server serves: index.html, the worker script and (from memory) the bundle. One per msw copy. */
const serveDir = join(here, '.serve', mswPackage);

function initWorkerScript(): void {
  // msw's own CLI, found through its package.json `bin` (the CLI file itself is not exported).
  const manifest = createRequire(import.meta.url).resolve(`${mswPackage}/package.json`);
  const bin = (JSON.parse(readFileSync(manifest, 'utf8')) as { bin: { msw: string } }).bin.msw;
  const r = spawnSync(process.execPath, [join(dirname(manifest), bin), 'init', serveDir, '--no-save'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`msw init failed (${r.status}): ${r.stderr || r.stdout}`);
}

export async function startExampleApp(port = 0): Promise<{ url: string; close(): Promise<void> }> {
  mkdirSync(serveDir, { recursive: true });
  copyFileSync(join(here, 'index.html'), join(serveDir, 'index.html'));
  initWorkerScript();
  // Built once, then again only when a source changes (watch). esbuild's server serves the folder
  // from a context of its own with nothing to build: a serving context that builds rebuilds for
  // every request, the page, the service worker and each 404 alike (~0.3 s of CPU each here).
  const bundle = await esbuild.context({
    entryPoints: { app: join(here, 'src/main.ts') },
    outdir: join(serveDir, 'assets'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    sourcemap: true,
    logLevel: 'warning',
    // In your own app `oauth-conformance/msw` (and its #platform, by the `browser` condition) resolves
    // from node_modules; here both are this repository's source.
    alias: { 'oauth-conformance/msw': join(here, '../../mock-server/msw.ts'), '#platform': join(here, '../../lib/platform/browser.ts'), ...(mswPackage === 'msw' ? {} : { msw: mswPackage }) },
  });
  await bundle.rebuild();
  await bundle.watch();
  const files = await esbuild.context({ logLevel: 'warning' });
  const server = await files.serve({ servedir: serveDir, host: '127.0.0.1', port });
  return {
    url: `http://127.0.0.1:${server.port}`,
    close: async () => {
      await files.dispose();
      await bundle.dispose();
    },
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const app = await startExampleApp(Number(process.env.PORT) || 5173);
  console.log(`Example app: ${app.url}/  (?provider=oauth21, generic-oauth2, oidc, mcp or dpop; users alice / alice-password, demo@example.com / demo-password). Ctrl-C stops it.`);
}
