// The official MCP SDK's client, as a host that adds what SDK 1.32 leaves out: it does not check that
// authorization server metadata names the issuer it was fetched for (its source says so), nor the
// iss of the authorization response (RFC 9207, which MCP 2026-07-28 requires of clients). This host
// hands the SDK a fetch that refuses such metadata and records the issuer it accepted, and checks
// iss before the SDK sees the code. Everything else is mcp-sdk.adapter.ts.
import type { CreateClient } from '../../suites/client/adapter.ts';
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

const create: CreateClient = async (ctx) => {
  // MCP 2026-07-28: "the client MUST record the issuer value from the selected authorization server's validated metadata document".
  let recorded: { issuer: string; issAdvertised: boolean } | undefined;
  const issuerChecked: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const url = new URL(input instanceof Request ? input.url : String(input));
    const expected = issuerOf(url);
    if (!expected || !response.ok) return response;
    const body = (await response.clone().json().catch(() => undefined)) as { issuer?: unknown; authorization_response_iss_parameter_supported?: unknown } | undefined;
    // RFC 8414 §3.3: "If these values are not identical, the data contained in the response MUST NOT be used."
    if (body?.issuer !== expected) throw new Error(`authorization server metadata at ${url.href} names issuer ${JSON.stringify(body?.issuer)}, not ${expected}: not used (RFC 8414 §3.3)`);
    recorded = { issuer: expected, issAdvertised: body.authorization_response_iss_parameter_supported === true };
    return response;
  };
  // RFC 9207 §2.4 as MCP 2026-07-28 tabulates it: a present iss must equal the recorded issuer
  // (simple string comparison); an absent one is refused where the metadata advertised it.
  const checkCallback = (back: URL): string | undefined => {
    const iss = back.searchParams.get('iss');
    if (!recorded) return 'no authorization server metadata was recorded before the authorization response';
    if (iss === null) return recorded.issAdvertised ? `the authorization response has no iss, but ${recorded.issuer} advertises it (RFC 9207 §2.4)` : undefined;
    return iss === recorded.issuer ? undefined : `the authorization response names issuer ${iss}, not ${recorded.issuer} (RFC 9207 §2.4)`;
  };
  return mcpSdkClient({ fetch: issuerChecked, checkCallback })(ctx);
};
export default create;
