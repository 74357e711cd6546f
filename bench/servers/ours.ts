// This project's mock as the package ships it (dist/, built by `npm run bench`), started the way users
// start it programmatically. Prints the URL and the ms to ready.
import { performance } from 'node:perf_hooks';
import type * as Mock from '../../mock-server/index.ts';

const { startMockServer } = (await import('../../dist/mock-server/index.js' as string)) as typeof Mock;
const t0 = performance.now();
// argv[3]: another profile (a built-in id or a file; the DPoP rows use oauth21-dpop.profile.json).
const mock = await startMockServer({ profile: process.argv[3] ?? 'oauth21', port: 0, alg: (process.argv[2] ?? 'RS256') as Mock.SigningAlg });
process.stdout.write(`READY ${mock.url} ${(performance.now() - t0).toFixed(1)}\n`);
