// Vite config of the example app. In your own app `oauth-conformance/msw` resolves from node_modules;
// here it points at this repository's source. MSW_PACKAGE swaps msw for another copy (the tests run
// the lowest msw of the peer range as `msw-lowest`).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const mswPackage = process.env.MSW_PACKAGE ?? 'msw';

/** `public/` for msw itself; another copy's worker script goes to a folder of its own. */
export function publicDir(): string {
  return fileURLToPath(new URL(mswPackage === 'msw' ? './public/' : `./.public-${mswPackage}/`, import.meta.url));
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  resolve: {
    alias: [
      { find: 'oauth-conformance/msw', replacement: fileURLToPath(new URL('../../mock-server/msw.ts', import.meta.url)) },
      ...(mswPackage === 'msw' ? [] : [{ find: /^msw(\/.*)?$/, replacement: `${mswPackage}$1` }]),
    ],
  },
  // Where `msw init` wrote the worker script (see dev-server.ts).
  publicDir: publicDir(),
  server: { host: '127.0.0.1', port: 5173 },
  build: { target: 'es2022' },
  esbuild: { target: 'es2022' },
  // A separate dependency cache per msw copy, so switching never serves a stale pre-bundle.
  cacheDir: fileURLToPath(new URL(`../../node_modules/.vite/example-${mswPackage}`, import.meta.url)),
  optimizeDeps: { esbuildOptions: { target: 'es2022' } },
  clearScreen: false,
});
