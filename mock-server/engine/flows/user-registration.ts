// Shield's `/users` (seed 002): register an account without a token; it can then use the password grant.
import type { Reply } from '../core/call.ts';
import type { EngineContext } from '../core/context.ts';
import type { FlowInput } from '../core/flow-input.ts';
import { json } from '../core/params.ts';
import { OAuthError, invalidRequest } from '../core/oauth-error.ts';

export async function register(ctx: EngineContext, { params, store }: FlowInput): Promise<Reply> {
  // The route exists only where the profile describes the registration (routes.ts).
  const reg = ctx.profile.registration!;
  const username = params.get(reg.fields.username);
  const password = params.get(reg.fields.password);
  if (username === undefined || password === undefined) throw invalidRequest(`${reg.fields.username} and ${reg.fields.password} are required`);
  if (username.length > 256 || password.length > 1024) throw invalidRequest('user name or password too long');
  const taken = ctx.configuredUsers.some((u) => u.username === username) || !(await store.addUser({ username, password, claims: {} }));
  if (taken) throw new OAuthError('invalid_request', 'that user name is already registered', { status: 409 });
  return json(201, { [reg.fields.username]: username });
}
