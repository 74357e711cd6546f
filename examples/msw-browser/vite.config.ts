// Vite config of the example app. In your own app `oauth-conformance/msw` resolves from node_modules;
// here it points at this repository's source.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  resolve: { alias: { 'oauth-conformance/msw': fileURLToPath(new URL('../../mock-server/msw.ts', import.meta.url)) } },
  server: { host: '127.0.0.1', port: 5173 },
  build: { target: 'es2022' },
  esbuild: { target: 'es2022' },
  optimizeDeps: { esbuildOptions: { target: 'es2022' } },
  clearScreen: false,
});
