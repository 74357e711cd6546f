// A deliberately careless MCP client, so the MCP client checks can be seen to catch one: it skips
// discovery (the endpoints are hard-coded from the MCP server's origin) and never sends `resource`,
// so its token is not bound to the server it calls, and it takes its one token to any MCP server.
// PKCE S256 and registration it does. Never copy it.
import { createHash, randomBytes } from 'node:crypto';
import type { CreateClient } from '../../suites/client/adapter.ts';

const create: CreateClient = async (ctx) => {
  let token: string | undefined;
  return {
    async signIn(userAgent, options) {
      const target = options?.mcpUrl ?? ctx.mcp?.url;
      if (!target) return { accepted: false, error: 'no MCP server' };
      // Already holding a token: it goes to whatever server is asked for.
      if (token) {
        const reuse = await fetch(target, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: '{}' });
        if (reuse.status !== 401) return { accepted: true };
      }
      const origin = new URL(target).origin;
      const redirect = ctx.redirectUri ?? 'http://127.0.0.1:8765/callback';
      const reg = (await (await fetch(`${origin}/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ client_name: 'naive', redirect_uris: [redirect], token_endpoint_auth_method: 'none' }) })).json()) as { client_id: string };
      const verifier = randomBytes(32).toString('base64url');
      const q = new URLSearchParams({ response_type: 'code', client_id: reg.client_id, redirect_uri: redirect, code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256', scope: 'mcp:tools' });
      const code = new URL(await userAgent(`${origin}/authorize?${q}`)).searchParams.get('code') ?? '';
      const res = await fetch(`${origin}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirect, client_id: reg.client_id, code_verifier: verifier }) });
      token = ((await res.json()) as { access_token?: string }).access_token;
      const init = await fetch(target, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'naive', version: '1' } } }) });
      return init.status === 200 ? { accepted: true } : { accepted: false, error: `initialize answered ${init.status}` };
    },
    async call() {
      const res = await fetch(ctx.resource.url, { method: ctx.resource.method, headers: token ? { authorization: `Bearer ${token}` } : {} });
      return { status: res.status };
    },
  };
};
export default create;
