import type { Client } from '../../../generated/types/index.ts';
import type { EngineContext } from './context.ts';
import { invalidScope } from './oauth-error.ts';

const scopeToken = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

export function parseScope(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const parts = value.split(' ').filter(Boolean);
  if (parts.some((p) => !scopeToken.test(p))) throw invalidScope('scope contains characters RFC 6749 §3.3 does not allow');
  return [...new Set(parts)];
}

/** Scopes the client may hold: its own list, else everything the profile supports. */
export function allowance(ctx: EngineContext, client: Client | undefined): string[] {
  return client?.scopes ?? ctx.profile.scopes.supported;
}

/**
 * The scope to grant (RFC 6749 §3.3): what was asked, if all of it is known and allowed; else the
 * profile's default, else the whole allowance. Asking for more is `invalid_scope`.
 */
export function grantScope(ctx: EngineContext, requested: string[] | undefined, allowed: string[]): string[] {
  const supported = new Set(ctx.profile.scopes.supported);
  if (requested && requested.length) {
    // A profile whose server grants whatever is asked (RFC 6749 §3.3 leaves it to policy).
    if (ctx.profile.scopes.policy === 'any') return requested;
    const unknown = requested.filter((s) => !supported.has(s));
    if (unknown.length) throw invalidScope(`unknown scope: ${unknown.join(' ')}`);
    const excess = requested.filter((s) => !allowed.includes(s));
    if (excess.length) throw invalidScope(`scope not allowed for this client: ${excess.join(' ')}`);
    return requested;
  }
  const def = ctx.profile.scopes.default ?? [];
  return def.length ? def.filter((s) => allowed.includes(s)) : allowed;
}
