// Starts oauth2-mock-server (a devDependency) on 127.0.0.1:18080 for `check --target` to point at.
import { OAuth2Server } from 'oauth2-mock-server';

const server = new OAuth2Server();
await server.issuer.keys.generate('RS256');
await server.start(18080, '127.0.0.1');
console.log(`oauth2-mock-server at ${server.issuer.url}`);
