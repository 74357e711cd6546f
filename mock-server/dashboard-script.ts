// The dashboard's script for the node server: the bundle the package's build made
// (dist/mock-server/dashboard/app.js), or, run from a source checkout, one bundled now from
// mock-server/dashboard/app.ts, so the page never lags the source it is tested from.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export function dashboardScriptLoader(): () => Promise<string> {
  let cached: Promise<string> | undefined;
  return () => {
    cached ??= load().catch((e: unknown) => {
      cached = undefined;
      throw e;
    });
    return cached;
  };
}

async function load(): Promise<string> {
  if (import.meta.url.endsWith('.ts')) {
    const esbuild = await import('esbuild');
    const out = await esbuild.build({ entryPoints: [fileURLToPath(new URL('./dashboard/app.ts', import.meta.url))], ...dashboardBuildOptions, write: false });
    return out.outputFiles[0]!.text;
  }
  // dist/mock-server/ (ESM) or dist/cjs/ (the CommonJS bundle).
  for (const candidate of ['./dashboard/app.js', '../mock-server/dashboard/app.js']) {
    try {
      return await readFile(new URL(candidate, import.meta.url), 'utf8');
    } catch {
      // next place
    }
  }
  throw new Error('the dashboard bundle is missing from this install (dist/mock-server/dashboard/app.js); reinstall oauth-conformance');
}

/** The options scripts/build.mjs bundles with too (kept in one place). */
export const dashboardBuildOptions = { bundle: true, format: 'esm', platform: 'browser', target: 'es2022', minify: true, legalComments: 'none', logLevel: 'warning' } as const;
