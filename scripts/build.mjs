// `npm run build` (and prepack): the package users install is JavaScript with .d.ts in dist/, so
// nobody needs a TypeScript loader. tsc emits the ESM tree (relative `.ts` imports rewritten to
// `.js`); esbuild adds CommonJS bundles of the library entries for tools that cannot load ESM
// (Jest without --experimental-vm-modules). Plain JS, because it runs before anything is built.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const require = createRequire(import.meta.url);
const dist = `${root}dist`;

// dist/ is this script's own output, rebuilt whole so no stale module survives a rename.
if (existsSync(dist)) rmSync(dist, { recursive: true });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', `${root}tsconfig.build.json`], { stdio: 'inherit' });

const esbuild = await import('esbuild');
const cjs = { mock: 'mock-server/index.ts', msw: 'mock-server/msw.ts', client: 'suites/client/adapter.ts' };
mkdirSync(`${dist}/cjs`, { recursive: true });
await esbuild.build({
  entryPoints: Object.fromEntries(Object.entries(cjs).map(([name, src]) => [name, `${root}${src}`])),
  outdir: `${dist}/cjs`,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // jose and @noble/hashes are ESM-only, so they are bundled in; the rest load as the user's copies.
  external: ['ajv', 'ajv-formats', 'msw', 'msw/*', '@playwright/test', 'ioredis', 'esbuild'],
  // Paths next to the module (profiles, schemas) resolve from the bundle's own file.
  banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__importMetaUrl' },
  logLevel: 'warning',
});
// Types for `require`: the same declarations as the ESM entry (require(esm) semantics, TS >= 5.8).
for (const [name, src] of Object.entries(cjs)) {
  writeFileSync(`${dist}/cjs/${name}.d.cts`, `export * from '../${src.replace(/\.ts$/, '.js')}';\n`);
}

// The mock's dashboard (/__admin/ui): one browser bundle, served by the node server from dist/, with
// the options mock-server/dashboard-script.ts bundles with when run from source (read from its build).
const { dashboardBuildOptions } = await import(pathToFileURL(`${dist}/mock-server/dashboard-script.js`).href);
const dashboard = await esbuild.build({
  ...dashboardBuildOptions,
  entryPoints: [`${root}mock-server/dashboard/app.ts`],
  outfile: `${dist}/mock-server/dashboard/app.js`,
  allowOverwrite: true,
  metafile: true,
});
if (process.env.OAUTH_CONFORMANCE_BUILD_SIZES === '1') {
  const { gzipSync } = await import('node:zlib');
  const { readFileSync } = await import('node:fs');
  const bytes = readFileSync(`${dist}/mock-server/dashboard/app.js`);
  console.log(`dashboard bundle: ${bytes.length} bytes, ${gzipSync(bytes).length} gzipped (${Object.keys(dashboard.metafile.inputs).length} modules)`);
}
