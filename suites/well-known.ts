// Where metadata lives and how a challenge reads: pure functions of URLs and headers, shared by the
// checks and by discovery from a URL (which runs in the CLI, without Playwright).

/** RFC 8414 §3.1: https://host/.well-known/oauth-authorization-server/path for issuer https://host/path. */
export function oauthMetadataUrl(issuer: string): string {
  const u = new URL(issuer);
  const path = u.pathname === '/' ? '' : u.pathname.replace(/\/$/, '');
  return `${u.origin}/.well-known/oauth-authorization-server${path}`;
}

/** OpenID Connect Discovery 1.0 §4.1: the issuer with /.well-known/openid-configuration appended. */
export function openidConfigurationUrl(issuer: string): string {
  return `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
}

/** RFC 9728 §3.1: the well-known segment goes between the host and the identifier's path. */
export function metadataUrlFor(resource: string): string {
  const u = new URL(resource);
  return `${u.origin}/.well-known/oauth-protected-resource${u.pathname === '/' ? '' : u.pathname}`;
}

/** RFC 7235 challenge: scheme and auth-params of the first challenge. */
export function parseChallenge(header: string | undefined | null): { scheme: string; params: Record<string, string> } | undefined {
  if (!header) return undefined;
  const m = /^\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*(.*)$/.exec(header);
  if (!m) return undefined;
  const params: Record<string, string> = {};
  const re = /([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^,\s]+)\s*,?\s*/g;
  let p: RegExpExecArray | null;
  while ((p = re.exec(m[2]!))) params[p[1]!.toLowerCase()] = p[2]!.startsWith('"') ? p[2]!.slice(1, -1).replace(/\\(.)/g, '$1') : p[2]!;
  return { scheme: m[1]!.toLowerCase(), params };
}
