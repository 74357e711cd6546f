// Starts oauth2-mock-server (a devDependency) on 127.0.0.1 for `check --target` to point at.
// `startOauth2MockServer(0)` is what the test uses.
import { OAuth2Server } from 'oauth2-mock-server';

export async function startOauth2MockServer(port = 18080): Promise<{ url: string; issuer: string; close: () => Promise<void> }> {
  const server = new OAuth2Server();
  await server.issuer.keys.generate('RS256');
  await server.start(port, '127.0.0.1');
  const address = server.address();
  const url = `http://127.0.0.1:${address.port}`;
  return { url, issuer: server.issuer.url ?? url, close: () => server.stop() };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { url } = await startOauth2MockServer();
  console.log(`oauth2-mock-server at ${url}`);
}
