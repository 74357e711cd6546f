// Starts @node-oauth/oauth2-server (a devDependency) behind node:http on 127.0.0.1 for `check --target`
// to point at. The library implements the grants, PKCE, token and bearer handling; what a user of it
// writes is here: an in-memory model (its documented interface), a login and a consent page, one API.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { esc, page, parseForm, readBody } from '../node-glue.ts';
import OAuth2Server from '@node-oauth/oauth2-server';

export const redirectUri = 'http://127.0.0.1:8765/callback';
const supportedScopes = ['read', 'write'];
const client = { id: 'client', secret: 'secret', grants: ['authorization_code', 'client_credentials', 'password', 'refresh_token'], redirectUris: [redirectUri] };
const users = new Map([['user', { id: 'user', username: 'user', password: 'pass' }]]);

type Scope = string[] | string | undefined;
const asList = (s: Scope) => (Array.isArray(s) ? s : (s ?? '').split(' ').filter(Boolean));

function model() {
  const tokens = new Map<string, Record<string, unknown>>();
  const refreshTokens = new Map<string, Record<string, unknown>>();
  const codes = new Map<string, Record<string, unknown>>();
  return {
    getClient: async (id: string, secret: string | null) => (id === client.id && (secret === null || secret === client.secret) ? client : undefined),
    getUser: async (username: string, password: string) => {
      const u = users.get(username);
      return u && u.password === password ? u : undefined;
    },
    getUserFromClient: async () => ({ id: 'service' }),
    validateScope: async (_user: unknown, _client: unknown, scope: Scope) => {
      const asked = asList(scope);
      if (!asked.every((s) => supportedScopes.includes(s))) return false;
      return asked.length ? asked : supportedScopes;
    },
    verifyScope: async (token: { scope?: Scope }, scope: Scope) => asList(scope).every((s) => asList(token.scope).includes(s)),
    saveToken: async (token: Record<string, unknown>, c: unknown, user: unknown) => {
      const saved = { ...token, client: c, user };
      tokens.set(String(token.accessToken), saved);
      if (token.refreshToken) refreshTokens.set(String(token.refreshToken), saved);
      return saved;
    },
    getAccessToken: async (t: string) => tokens.get(t),
    getRefreshToken: async (t: string) => refreshTokens.get(t),
    revokeToken: async (t: { refreshToken: string }) => refreshTokens.delete(t.refreshToken),
    saveAuthorizationCode: async (code: Record<string, unknown>, c: unknown, user: unknown) => {
      const saved = { ...code, client: c, user };
      codes.set(String(code.authorizationCode), saved);
      return saved;
    },
    getAuthorizationCode: async (code: string) => codes.get(code),
    revokeAuthorizationCode: async (code: { authorizationCode: string }) => codes.delete(code.authorizationCode),
  };
}

export async function startNodeOAuth2Server(port = 18082): Promise<{ url: string; close: () => Promise<void> }> {
  const oauth = new OAuth2Server({ model: model() as never, accessTokenLifetime: 3600, allowEmptyState: true });
  const pending = new Map<string, { query: Record<string, string>; user?: { id: string } }>();

  async function run(req: IncomingMessage, res: ServerResponse, what: 'token' | 'authorize' | 'authenticate', query: Record<string, string>, body: Record<string, string>, user?: unknown) {
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
    const request = new OAuth2Server.Request({ method: req.method ?? 'GET', headers, query, body });
    const response = new OAuth2Server.Response(res);
    try {
      if (what === 'token') await oauth.token(request, response);
      else if (what === 'authorize') await oauth.authorize(request, response, { authenticateHandler: { handle: () => user } });
      else {
        await oauth.authenticate(request, response, { scope: ['read'] });
        response.status = 200;
        response.body = { ok: true };
      }
    } catch (e) {
      const err = e as { code?: number; name?: string; message?: string };
      // authorize() has already turned an error it can send back into a redirect (RFC 6749 §4.1.2.1).
      const redirecting = what === 'authorize' && Boolean(response.get('location'));
      response.status = redirecting ? 302 : (err.code ?? 500);
      if (redirecting) response.body = {};
      else if (what !== 'authenticate' || response.status !== 401 || !response.get('www-authenticate')) response.body = { error: err.name, error_description: err.message };
    }
    // What an Express adapter's res.json() does: JSON with its content type.
    const text = response.body && Object.keys(response.body).length ? JSON.stringify(response.body) : undefined;
    res.writeHead(response.status ?? 200, { ...(response.headers as Record<string, string>), ...(text ? { 'content-type': 'application/json; charset=utf-8' } : {}) });
    res.end(text);
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const query = Object.fromEntries(url.searchParams);
    const form = req.method === 'POST' ? parseForm(await readBody(req)) : {};
    if (url.pathname === '/token') return run(req, res, 'token', query, form);
    if (url.pathname === '/api/resource') return run(req, res, 'authenticate', query, form);
    if (url.pathname === '/authorize' && req.method === 'GET') {
      const id = randomBytes(12).toString('hex');
      pending.set(id, { query });
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end(page(`<form method="post"><input type="hidden" name="pending" value="${id}"><label>User <input name="username"></label><label>Password <input name="password" type="password"></label><button type="submit">Sign in</button></form>`));
    }
    if (url.pathname === '/authorize' && req.method === 'POST') {
      const p = pending.get(form.pending ?? '');
      if (!p) return res.writeHead(400).end('unknown sign-in');
      if (!p.user) {
        const u = users.get(form.username ?? '');
        if (!u || u.password !== form.password) return res.writeHead(200, { 'content-type': 'text/html' }).end(page('Wrong user or password'));
        p.user = u;
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end(page(`<form method="post"><input type="hidden" name="pending" value="${esc(form.pending!)}">Allow ${esc(p.query.client_id ?? '')}? <button name="allowed" value="true">Allow</button><button name="allowed" value="false">Deny</button></form>`));
      }
      pending.delete(form.pending!);
      return run(req, res, 'authorize', { ...p.query, allowed: form.allowed ?? 'false' }, {}, p.user);
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { url } = await startNodeOAuth2Server();
  console.log(`@node-oauth/oauth2-server at ${url}`);
}
