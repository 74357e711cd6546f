import { startNodeOAuth2Server } from './examples/node-oauth2-server/start.ts';
import { startOauth2MockServer } from './examples/oauth2-mock-server/start.ts';
import { startOidcProvider } from './examples/oidc-provider/start.ts';
const a = await startOidcProvider(4601); console.log('oidc-provider', a.url, a.issuer);
const b = await startOauth2MockServer(4602); console.log('oauth2-mock-server', b.url, b.issuer);
const c = await startNodeOAuth2Server(4603); console.log('node-oauth2-server', c.url);
setInterval(() => {}, 1 << 30);
