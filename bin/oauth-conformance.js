#!/usr/bin/env node
// The CLI runs from the built JavaScript in dist/ (`npm run build`; the published package ships it).
// A reader that stops early (`| head`) is not an error of ours.
for (const stream of [process.stdout, process.stderr]) stream.on('error', (e) => { if (e.code !== 'EPIPE') throw e; });
let main;
try {
  ({ main } = await import('../dist/cli/main.js'));
} catch (e) {
  if (e?.code !== 'ERR_MODULE_NOT_FOUND' || !String(e.message).includes('dist/cli/main.js')) throw e;
  process.stderr.write('oauth-conformance: dist/ is missing; in a clone of the repository run `npm run build` first\n');
  process.exit(2);
}
process.exitCode = await main(process.argv.slice(2));
