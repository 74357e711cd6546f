// The peer: oauth2-mock-server, started as its README shows, with a key of the requested alg.
import { performance } from 'node:perf_hooks';
import { OAuth2Server } from 'oauth2-mock-server';

const t0 = performance.now();
const server = new OAuth2Server();
await server.issuer.keys.generate(process.argv[2] ?? 'RS256');
await server.start(0, '127.0.0.1');
process.stdout.write(`READY ${server.issuer.url} ${(performance.now() - t0).toFixed(1)}\n`);
