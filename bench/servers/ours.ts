// This project's mock, as users start it programmatically. Prints the URL and the ms to ready.
import { performance } from 'node:perf_hooks';
import { startMockServer } from '../../mock-server/index.ts';
import type { SigningAlg } from '../../mock-server/engine/keys.ts';

const t0 = performance.now();
const mock = await startMockServer({ profile: 'oauth21', port: 0, alg: (process.argv[2] ?? 'RS256') as SigningAlg });
process.stdout.write(`READY ${mock.url} ${(performance.now() - t0).toFixed(1)}\n`);
