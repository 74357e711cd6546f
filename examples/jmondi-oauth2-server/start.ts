// Starts @jmondi/oauth2-server (a devDependency) behind node:http on 127.0.0.1 for `check --target` to
// point at. The library implements the grants, PKCE, revocation and introspection; what a user of it
// writes is here: in-memory repositories (its documented interfaces), a login and a consent page, the
// glue between node:http and its request/response objects (as its Express adapter does: JSON bodies
// with their content type), and one API route that checks tokens as RFC 6750 says.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { esc, page, parseForm, readBody } from '../node-glue.ts';
import { handleVanillaError } from '@jmondi/oauth2-server/vanilla';
import {
  AuthorizationServer,
  JwtService,
  OAuthException,
  OAuthRequest,
  type OAuthAuthCode,
  type OAuthAuthCodeRepository,
  type OAuthClient,
  type OAuthClientRepository,
  type OAuthScope,
  type OAuthScopeRepository,
  type OAuthToken,
  type OAuthTokenRepository,
  type OAuthUser,
  type OAuthUserRepository,
  type ResponseInterface,
} from '@jmondi/oauth2-server';

export const redirectUri = 'http://127.0.0.1:8765/callback';
const scopes: OAuthScope[] = [{ name: 'read' }, { name: 'write' }];
const client: OAuthClient = { id: 'client', name: 'example client', secret: 'secret', redirectUris: [redirectUri], allowedGrants: ['authorization_code', 'client_credentials', 'password', 'refresh_token'], scopes };
const users = new Map<string, OAuthUser & { password: string }>([['user', { id: 'user', password: 'pass' }]]);
const hour = 3600;

function repositories() {
  const tokens = new Map<string, OAuthToken>();
  const byRefresh = new Map<string, OAuthToken>();
  const codes = new Map<string, OAuthAuthCode>();
  const usedCodes = new Set<string>();
  const random = () => randomBytes(24).toString('base64url');
  const clientRepository: OAuthClientRepository = {
    async getByIdentifier(id) {
      if (id !== client.id) throw OAuthException.invalidClient('unknown client');
      return client;
    },
    async isClientValid(grantType, c, secret) {
      if (!c.allowedGrants.includes(grantType)) return false;
      return secret === undefined ? !c.secret : secret === c.secret;
    },
  };
  const tokenRepository: OAuthTokenRepository = {
    async issueToken(c, s, user) {
      return { accessToken: random(), accessTokenExpiresAt: new Date(Date.now() + hour * 1000), client: c, user: user ?? null, scopes: s };
    },
    // As the library's documented repositories do: the refresh token is saved on the token's record.
    async issueRefreshToken(token) {
      const withRefresh = { ...token, refreshToken: random(), refreshTokenExpiresAt: new Date(Date.now() + 14 * 24 * hour * 1000) };
      tokens.set(withRefresh.accessToken, withRefresh);
      byRefresh.set(withRefresh.refreshToken, withRefresh);
      return withRefresh;
    },
    async persist(token) {
      tokens.set(token.accessToken, token);
      if (token.refreshToken) byRefresh.set(token.refreshToken, token);
    },
    // As the library's documented repositories revoke: both expiries set in the past.
    async revoke(token) {
      const stored = tokens.get(token.accessToken) ?? token;
      const ended = { ...stored, accessTokenExpiresAt: new Date(0), refreshTokenExpiresAt: new Date(0) };
      tokens.set(ended.accessToken, ended);
      if (ended.refreshToken) byRefresh.set(ended.refreshToken, ended);
    },
    async isRefreshTokenRevoked(token) {
      const stored = token.refreshToken ? byRefresh.get(token.refreshToken) : undefined;
      return !stored || (stored.refreshTokenExpiresAt ?? new Date(0)) < new Date();
    },
    async getByRefreshToken(t) {
      const found = byRefresh.get(t);
      if (!found) throw OAuthException.invalidGrant('unknown refresh token');
      return found;
    },
    async getByAccessToken(t) {
      const found = tokens.get(t);
      if (!found) throw OAuthException.invalidGrant('unknown access token');
      return found;
    },
  };
  const authCodeRepository: OAuthAuthCodeRepository = {
    async getByIdentifier(code) {
      const found = codes.get(code);
      if (!found) throw OAuthException.invalidGrant('unknown authorization code');
      return found;
    },
    issueAuthCode(c, user, s) {
      return { code: random(), expiresAt: new Date(Date.now() + 60_000), client: c, user: user ?? null, scopes: s };
    },
    async persist(code) {
      codes.set(code.code, code);
    },
    async isRevoked(code) {
      return usedCodes.has(code);
    },
    async revoke(code) {
      usedCodes.add(code);
    },
  };
  const scopeRepository: OAuthScopeRepository = {
    async getAllByIdentifiers(names) {
      return scopes.filter((s) => names.includes(s.name));
    },
    async finalize(s) {
      return s;
    },
  };
  const userRepository: OAuthUserRepository = {
    async getUserByCredentials(id, password) {
      const u = users.get(String(id));
      return u && (password === undefined || u.password === password) ? { id: u.id } : undefined;
    },
  };
  /** The API route's view of a token (its id, the JWT's jti): known, not revoked, not expired. */
  const active = (id: string) => {
    const found = tokens.get(id);
    return found && found.accessTokenExpiresAt > new Date() ? found : undefined;
  };
  return { clientRepository, tokenRepository, authCodeRepository, scopeRepository, userRepository, active };
}

function headersOf(req: IncomingMessage): Record<string, string> {
  return Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
}

/** As the library's Express adapter answers: a redirect, or the body as JSON with its content type. */
function send(res: ServerResponse, r: ResponseInterface): void {
  const headers = { ...(r.headers as Record<string, string>) };
  if (r.status === 302) {
    res.writeHead(302, { location: String(headers.location ?? '') });
    res.end();
    return;
  }
  const text = JSON.stringify(r.body ?? {});
  res.writeHead(r.status, { ...headers, 'content-type': 'application/json; charset=utf-8' });
  res.end(text);
}

export async function startJmondiOAuth2Server(port = 18083): Promise<{ url: string; close: () => Promise<void> }> {
  const repos = repositories();
  // Access tokens are HS256 JWTs signed with this secret; the API route verifies them with the same service.
  const jwt = new JwtService(randomBytes(32).toString('hex'));
  const pending = new Map<string, { query: Record<string, string>; user?: OAuthUser }>();
  let server: AuthorizationServer | undefined;
  const http = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const query = Object.fromEntries(url.searchParams);
    const text = req.method === 'POST' ? await readBody(req) : '';
    const isJson = (req.headers['content-type'] ?? '').includes('application/json');
    let body: Record<string, unknown> = {};
    try {
      body = isJson ? ((JSON.parse(text || '{}') as Record<string, unknown>) ?? {}) : parseForm(text);
    } catch {
      body = {};
    }
    const request = (q = query, b = body) => new OAuthRequest({ headers: headersOf(req), query: q, body: b });
    try {
      const s = server!;
      if (url.pathname === '/token' && req.method === 'POST') return send(res, await s.respondToAccessTokenRequest(request()));
      if (url.pathname === '/token/revoke' && req.method === 'POST') return send(res, await s.revoke(request()));
      if (url.pathname === '/token/introspect' && req.method === 'POST') return send(res, await s.introspect(request()));
      if (url.pathname === '/api/resource' && req.method === 'GET') {
        // RFC 6750 §3: a bare challenge without credentials, invalid_token for a bad one, insufficient_scope when short.
        const header = req.headers.authorization ?? '';
        const m = /^bearer\s+([A-Za-z0-9\-._~+/]+=*)\s*$/i.exec(header);
        if (!m && /^bearer\b/i.test(header)) {
          res.writeHead(400, { 'www-authenticate': 'Bearer realm="api", error="invalid_request", error_description="malformed Bearer credentials"', 'content-type': 'application/json' });
          return res.end(JSON.stringify({ error: 'invalid_request' }));
        }
        if (!m) {
          res.writeHead(401, { 'www-authenticate': 'Bearer realm="api"' });
          return res.end();
        }
        const claims = await jwt.verify(m[1]!).catch(() => undefined);
        const token = typeof claims?.jti === 'string' ? repos.active(claims.jti) : undefined;
        if (!token) {
          res.writeHead(401, { 'www-authenticate': 'Bearer realm="api", error="invalid_token", error_description="the access token is unknown, revoked or expired"', 'content-type': 'application/json' });
          return res.end(JSON.stringify({ error: 'invalid_token' }));
        }
        if (!token.scopes.some((x) => x.name === 'read')) {
          res.writeHead(403, { 'www-authenticate': 'Bearer realm="api", error="insufficient_scope", scope="read"', 'content-type': 'application/json' });
          return res.end(JSON.stringify({ error: 'insufficient_scope' }));
        }
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        return res.end(JSON.stringify({ ok: true }));
      }
      if (url.pathname === '/authorize' && req.method === 'GET') {
        // The library validates the request before the user sees anything.
        await s.validateAuthorizationRequest(request());
        const id = randomBytes(12).toString('hex');
        pending.set(id, { query });
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end(page(`<form method="post"><input type="hidden" name="pending" value="${id}"><label>User <input name="username"></label><label>Password <input name="password" type="password"></label><button type="submit">Sign in</button></form>`));
      }
      if (url.pathname === '/authorize' && req.method === 'POST') {
        const form = body as Record<string, string>;
        const p = pending.get(form.pending ?? '');
        if (!p) return res.writeHead(400).end('unknown sign-in');
        if (!p.user) {
          const u = users.get(form.username ?? '');
          if (!u || u.password !== form.password) return res.writeHead(200, { 'content-type': 'text/html' }).end(page('Wrong user or password'));
          p.user = { id: u.id };
          res.writeHead(200, { 'content-type': 'text/html' });
          return res.end(page(`<form method="post"><input type="hidden" name="pending" value="${esc(form.pending!)}">Allow ${esc(p.query.client_id ?? '')}? <button type="submit" name="allowed" value="true">Allow</button><button type="submit" name="allowed" value="false">Deny</button></form>`));
        }
        pending.delete(form.pending!);
        const authRequest = await s.validateAuthorizationRequest(request(p.query, {}));
        authRequest.user = p.user;
        authRequest.isAuthorizationApproved = form.allowed === 'true';
        if (!authRequest.isAuthorizationApproved) {
          // The library documents no denial response; RFC 6749 §4.1.2.1 access_denied, as its docs' example app does.
          const back = new URL(authRequest.redirectUri ?? redirectUri);
          back.searchParams.set('error', 'access_denied');
          if (authRequest.state) back.searchParams.set('state', authRequest.state);
          res.writeHead(302, { location: back.href });
          return res.end();
        }
        return send(res, await s.completeAuthorizationRequest(authRequest));
      }
      res.writeHead(404).end();
    } catch (e) {
      // The library's own error answer (its vanilla adapter's handleVanillaError): JSON with the OAuthException's code.
      send(res, handleVanillaError(e));
    }
  });
  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  server = new AuthorizationServer(repos.clientRepository, repos.tokenRepository, repos.scopeRepository, jwt, { requiresPKCE: true, requiresS256: true, issuer: url });
  // Access tokens live the library's default, one hour (its DateInterval "1h").
  server.enableGrantTypes('client_credentials', 'refresh_token', { grant: 'authorization_code', authCodeRepository: repos.authCodeRepository, userRepository: repos.userRepository }, { grant: 'password', userRepository: repos.userRepository });
  return { url, close: () => new Promise<void>((resolve) => http.close(() => resolve())) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { url } = await startJmondiOAuth2Server();
  console.log(`@jmondi/oauth2-server at ${url}`);
}
