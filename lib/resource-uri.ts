// Resource URIs (RFC 8707, RFC 9728, MCP): compared by the mock and by the suites alike.
/**
 * The comparable form of a resource URI: scheme and host are case-insensitive (RFC 3986 §6.2.2.1, and
 * MCP asks servers to accept either case); a lone trailing slash after the host is the same resource.
 */
export function canonical(uri: string): string {
  let c = seen.get(uri);
  if (c === undefined) {
    // A resource compares the same few audiences on every call: parsed once each (a bounded few).
    if (seen.size >= 256) seen.clear();
    c = parsedCanonical(uri);
    seen.set(uri, c);
  }
  return c;
}

const seen = new Map<string, string>();

function parsedCanonical(uri: string): string {
  try {
    const u = new URL(uri);
    const path = u.pathname === '/' ? '' : u.pathname;
    return `${u.protocol}//${u.host}${path}${u.search}`;
  } catch {
    return uri;
  }
}
