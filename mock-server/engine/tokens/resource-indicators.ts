// RFC 8707 resource indicators and the RFC 9728 resource identifier they name. A token's audience is
// the resource it was requested for; the profile's own protected resource is what it defaults to and
// what the profile's resources accept.
import type { Resource } from '../../../generated/types/index.ts';
import type { EngineContext } from '../core/context.ts';
import { OAuthError } from '../core/oauth-error.ts';
import { defect } from '../core/defects.ts';
import { canonical } from '../../../lib/resource-uri.ts';

export const invalidTarget = (d: string) => new OAuthError('invalid_target', d, { status: 400 });

/** RFC 9728 §1.2: the protected resource's identifier, an https (here: the served scheme) URL. */
export function protectedResourceId(ctx: EngineContext, issuer: string): string | undefined {
  const pr = ctx.profile.protectedResource;
  return pr ? `${issuer}${pr.path}` : undefined;
}

/** The audience the profile's resources accept, and the one a token gets when no resource was asked for. */
export function ownAudience(ctx: EngineContext, issuer: string): string {
  return ctx.profile.accessToken.jwt?.audience ?? protectedResourceId(ctx, issuer) ?? issuer;
}

/**
 * The identifiers of the profile's own resources in an RFC 8707 profile (each is a resource of its
 * own, RFC 9068 §4: it accepts only tokens that name it).
 */
export function resourceIds(ctx: EngineContext, issuer: string): string[] {
  return ctx.profile.resourceIndicators ? ctx.profile.resources.map((r) => resourceIdOf(issuer, r)) : [];
}

/** A profile resource's identifier: its URL under the issuer. */
export function resourceIdOf(issuer: string, r: Pick<Resource, 'path'>): string {
  return `${issuer}${r.path}`;
}

/**
 * The audience of a token asked for without `resource` (RFC 8707 §2 leaves the default to the
 * server): the protected resource, and in an RFC 8707 profile each of the profile's resources too.
 */
export function defaultAudience(ctx: EngineContext, issuer: string): string[] {
  return [...new Set([ownAudience(ctx, issuer), ...resourceIds(ctx, issuer)])];
}

/** Parameters named `resource` (RFC 8707 §2 allows several), kept space-joined: a URI holds no space. */
export function resourcesOf(value: string | undefined): string[] {
  return value === undefined ? [] : value.split(' ').filter(Boolean);
}

/**
 * The resources this server mints tokens for, in canonical form: its protected resource, the
 * profile's resources (RFC 8707 profiles), those RFC 8707 names as accepted, and any `more`.
 */
export function knownResources(ctx: EngineContext, issuer: string, more: string[] = []): Set<string> {
  return new Set([protectedResourceId(ctx, issuer), ...resourceIds(ctx, issuer), ...(ctx.profile.resourceIndicators?.accepted ?? []), ...more].filter((x): x is string => Boolean(x)).map(canonical));
}

/**
 * RFC 8707 §2: each `resource` is an absolute URI without a fragment that this server issues tokens
 * for; anything else is `invalid_target`. Undefined when the profile has no resource indicators.
 */
export function requestedResources(ctx: EngineContext, issuer: string, values: string[]): string[] | undefined {
  const ri = ctx.profile.resourceIndicators;
  if (!ri || (!values.length && !ri.required)) return undefined;
  // The defect: `resource` is ignored, whatever it names (or that it is missing), and the token gets the default audience.
  if (defect(ctx, 'resource-ignored')) return undefined;
  if (!values.length) throw invalidTarget('resource is required (RFC 8707)');
  const known = knownResources(ctx, issuer);
  for (const v of values) {
    let u: URL;
    try {
      u = new URL(v);
    } catch {
      throw invalidTarget('resource must be an absolute URI (RFC 8707 §2)');
    }
    if (u.hash || v.includes('#')) throw invalidTarget('resource must not include a fragment (RFC 8707 §2)');
    if (!known.has(canonical(v))) throw invalidTarget(`this server issues no tokens for ${v.slice(0, 200)}`);
  }
  return values;
}

// RFC 9728 §3.1: the well-known segment sits between the host and the resource identifier's path.
export const prmPrefix = '/.well-known/oauth-protected-resource';

/** Where the metadata of the profile's protected resource lives, for an issuer. */
export function metadataUrl(ctx: EngineContext, issuer: string): string | undefined {
  const id = protectedResourceId(ctx, issuer);
  if (!id) return undefined;
  const u = new URL(id);
  return `${u.origin}${prmPrefix}${u.pathname}`;
}
