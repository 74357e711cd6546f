// The official MCP SDK's client, as a host that meets RFC 8414 §3.3 on top of it: the SDK (1.32)
// does not check that authorization server metadata names the issuer it was fetched for (its source
// says so), so this host hands it a fetch that refuses such a document before the SDK reads it.
// Everything else is mcp-sdk.adapter.ts.
import { mcpSdkClient } from './mcp-sdk.adapter.ts';

/** The issuer a well-known URL was built from (RFC 8414 §3.1 insertion, OpenID Discovery appending). */
function issuerOf(url: URL): string | undefined {
  for (const name of ['oauth-authorization-server', 'openid-configuration']) {
    const inserted = `/.well-known/${name}`;
    if (url.pathname === inserted || url.pathname.startsWith(`${inserted}/`)) return url.origin + url.pathname.slice(inserted.length);
    if (name === 'openid-configuration' && url.pathname.endsWith(inserted)) return url.origin + url.pathname.slice(0, -inserted.length);
  }
  return undefined;
}

const issuerChecked: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  const url = new URL(input instanceof Request ? input.url : String(input));
  const expected = issuerOf(url);
  if (!expected || !response.ok) return response;
  const body = (await response.clone().json().catch(() => undefined)) as { issuer?: unknown } | undefined;
  // RFC 8414 §3.3: "If these values are not identical, the data contained in the response MUST NOT be used."
  if (body?.issuer !== expected) throw new Error(`authorization server metadata at ${url.href} names issuer ${JSON.stringify(body?.issuer)}, not ${expected}: not used (RFC 8414 §3.3)`);
  return response;
};

export default mcpSdkClient({ fetch: issuerChecked });
