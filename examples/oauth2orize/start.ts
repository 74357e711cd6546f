// Starts an oauth2orize server (a devDependency) behind node:http on 127.0.0.1 for `check --target` to
// point at. oauth2orize implements the token endpoint's exchanges and its error answers; client
// authentication and bearer tokens are Passport's (passport-http, passport-oauth2-client-password,
// passport-http-bearer), wired as oauth2orize's README shows. What a user of them writes is here: the
// exchanges' callbacks over in-memory stores, the scope rule, and one API route. The authorization
// code grant is left out: its transactions live in a session (express-session and a login strategy),
// which is the app's own code, not the library's.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import oauth2orize from 'oauth2orize';
import { Passport } from 'passport';
import { BasicStrategy } from 'passport-http';
import { Strategy as ClientPasswordStrategy } from 'passport-oauth2-client-password';
import { Strategy as BearerStrategy } from 'passport-http-bearer';
import { parseForm, readBody } from '../node-glue.ts';

interface Client {
  id: string;
  secret: string;
}
interface Grant {
  clientId: string;
  userId: string | undefined;
  scope: string[];
}

const supportedScopes = ['read', 'write'];
const clients = new Map<string, Client>([['client', { id: 'client', secret: 'secret' }]]);
const users = new Map([['user', { id: 'user', password: 'pass' }]]);
const lifetime = 3600;

type Done = oauth2orize.ExchangeDoneFunction;

function build() {
  const accessTokens = new Map<string, Grant & { exp: number }>();
  const refreshTokens = new Map<string, Grant>();
  const uid = () => randomBytes(24).toString('base64url');

  /** The scope a request earns: exactly what it asks, of the known ones; all of them when it asks none. */
  function grantedScope(asked: string[] | undefined): string[] | Error {
    const list = (asked ?? []).filter(Boolean);
    if (!list.every((s) => supportedScopes.includes(s))) return new oauth2orize.TokenError('unknown scope', 'invalid_scope');
    return list.length ? list : supportedScopes;
  }

  function issue(grant: Grant, withRefresh: boolean, done: Done): void {
    const token = uid();
    accessTokens.set(token, { ...grant, exp: Date.now() + lifetime * 1000 });
    const params = { expires_in: lifetime, scope: grant.scope.join(' ') };
    if (!withRefresh) return done(null, token, undefined, params);
    const refresh = uid();
    refreshTokens.set(refresh, grant);
    done(null, token, refresh, params);
  }

  const server = oauth2orize.createServer();
  server.exchange(
    oauth2orize.exchange.clientCredentials((client: Client, scope: string[], done: Done) => {
      const granted = grantedScope(scope);
      if (granted instanceof Error) return done(granted);
      issue({ clientId: client.id, userId: undefined, scope: granted }, false, done);
    }),
  );
  server.exchange(
    oauth2orize.exchange.password((client: Client, username: string, password: string, scope: string[], done: Done) => {
      const user = users.get(username);
      if (!user || user.password !== password) return done(null, false);
      const granted = grantedScope(scope);
      if (granted instanceof Error) return done(granted);
      issue({ clientId: client.id, userId: user.id, scope: granted }, true, done);
    }),
  );
  // Rotation: the presented refresh token is spent and a new one comes with the new access token.
  server.exchange(
    oauth2orize.exchange.refreshToken((client: Client, refreshToken: string, scope: string[], done: Done) => {
      const grant = refreshTokens.get(refreshToken);
      if (!grant || grant.clientId !== client.id) return done(null, false);
      const asked = (scope ?? []).filter(Boolean);
      if (!asked.every((s) => grant.scope.includes(s))) return done(new oauth2orize.TokenError('scope exceeds the original grant', 'invalid_scope'));
      refreshTokens.delete(refreshToken);
      issue({ ...grant, scope: asked.length ? asked : grant.scope }, true, done);
    }),
  );

  const passport = new Passport();
  const verifyClient = (id: string, secret: string, done: (err: Error | null, client?: Client | false) => void) => {
    const client = clients.get(id);
    done(null, client && client.secret === secret ? client : false);
  };
  passport.use(new BasicStrategy(verifyClient));
  passport.use(new ClientPasswordStrategy(verifyClient));
  passport.use(
    new BearerStrategy((token, done) => {
      const t = accessTokens.get(token);
      if (!t || t.exp < Date.now()) return done(null, false);
      done(null, { id: t.userId ?? t.clientId }, { scope: t.scope.join(' '), message: '' });
    }),
  );
  return { server, passport };
}

type Req = IncomingMessage & Record<string, unknown>;
type Next = (err?: unknown) => void;
type Handler = (req: Req, res: ServerResponse, next: Next) => void;

/** What Express does past the last middleware: an error nobody handled is a 500, no answer at all a 404. */
function unhandled(res: ServerResponse): Next {
  return (err) => {
    if (res.headersSent) return;
    res.writeHead(err === undefined ? 404 : 500, { 'content-type': 'text/plain' });
    res.end(err === undefined ? 'Not Found' : 'internal error');
  };
}

export async function startOauth2orize(port = 18085): Promise<{ url: string; close: () => Promise<void> }> {
  const { server, passport } = build();
  const authenticateClient = passport.authenticate(['basic', 'oauth2-client-password'], { session: false }) as Handler;
  const authenticateBearer = passport.authenticate('bearer', { session: false }) as Handler;
  const token = server.token() as Handler;
  const tokenErrors = server.errorHandler() as unknown as (err: unknown, req: Req, res: ServerResponse, next: Next) => void;
  // app.post('/oauth/token', authenticate, server.token(), server.errorHandler()), as Express would run it.
  const tokenRoute = (req: Req, res: ServerResponse) => {
    const done = unhandled(res);
    const toErrors: Next = (err) => (err === undefined ? done() : tokenErrors(err, req, res, done));
    authenticateClient(req, res, (err) => (err === undefined ? token(req, res, toErrors) : toErrors(err)));
  };
  const resourceRoute = (req: Req, res: ServerResponse) =>
    authenticateBearer(req, res, (err) => {
      if (err !== undefined) return unhandled(res)(err);
      const scope = String((req.authInfo as { scope?: string } | undefined)?.scope ?? '').split(' ');
      if (!scope.includes('read')) {
        res.writeHead(403, { 'www-authenticate': 'Bearer realm="Users", error="insufficient_scope", scope="read"', 'content-type': 'application/json' });
        return void res.end(JSON.stringify({ error: 'insufficient_scope' }));
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: (req.user as { id: string }).id }));
    });
  const http = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const r = req as Req;
      r.query = Object.fromEntries(url.searchParams);
      if (req.method === 'POST') r.body = parseForm(await readBody(req));
      if (req.method === 'POST' && url.pathname === '/oauth/token') return tokenRoute(r, res);
      if (req.method === 'GET' && url.pathname === '/api/resource') return resourceRoute(r, res);
      unhandled(res)();
    })();
  });
  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { url } = await startOauth2orize(Number(process.env.PORT ?? 18085));
  console.log(`oauth2orize at ${url}`);
}
