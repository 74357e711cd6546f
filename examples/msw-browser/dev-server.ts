// Starts the example app: first msw's own `msw init` writes the service-worker script into public/
// (so it always matches the installed msw), then Vite serves the app. Used by `npm run example:msw`
// and by the Playwright test (port 0: a free port).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer, type ViteDevServer } from 'vite';
import { publicDir } from './vite.config.ts';

const here = fileURLToPath(new URL('.', import.meta.url));

export function initWorkerScript(): void {
  // msw's own CLI, found through its package.json `bin` (the CLI file itself is not exported).
  const manifest = createRequire(import.meta.url).resolve(`${process.env.MSW_PACKAGE ?? 'msw'}/package.json`);
  const bin = (JSON.parse(readFileSync(manifest, 'utf8')) as { bin: { msw: string } }).bin.msw;
  const cli = join(dirname(manifest), bin);
  const r = spawnSync(process.execPath, [cli, 'init', publicDir(), '--no-save'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`msw init failed (${r.status}): ${r.stderr || r.stdout}`);
}

export async function startExampleApp(port = 0): Promise<{ url: string; close(): Promise<void> }> {
  initWorkerScript();
  const server: ViteDevServer = await createServer({ configFile: `${here}vite.config.ts`, server: { port, strictPort: port !== 0 }, logLevel: port === 0 ? 'warn' : 'info' });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('the dev server did not listen on a TCP port');
  return { url: `http://127.0.0.1:${address.port}`, close: () => server.close() };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const app = await startExampleApp(Number(process.env.PORT) || 5173);
  console.log(`Example app: ${app.url}/  (providers: ?provider=oauth21, ?provider=generic-oauth2; demo user alice / alice-password, demo@example.com / demo-password)`);
}
