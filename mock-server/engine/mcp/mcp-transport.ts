// What the MCP Streamable HTTP transport asks of a server before any token is read: the Origin rule
// against DNS rebinding, CORS that names the origins it trusts (never `*`), and version negotiation
// within the profile's revision. The SDK serves the messages; these rules are the revision's.
import type { Call } from '../core/call.ts';
import type { EngineContext } from '../core/context.ts';

/** The protocol versions each revision speaks, newest first: its own and the earlier ones (never a later one). */
const versions = ['2026-07-28', '2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05'] as const;

export function supportedVersions(revision: string): string[] {
  return versions.filter((v) => v <= revision);
}

/** The newest version the SDK the endpoint is built on knows (@modelcontextprotocol/sdk 1.32). */
const sdkNewest = '2025-11-25';

/** The version the SDK is handed for one the revision speaks: a newer one than the SDK knows becomes the SDK's newest. */
export function sdkVersion(version: string): string {
  return version > sdkNewest ? sdkNewest : version;
}

/** Whether a call is to the MCP endpoint of an MCP profile. */
export function isMcpCall(ctx: EngineContext, call: Pick<Call, 'path'>): boolean {
  const p = ctx.profile;
  return Boolean(p.mcp && p.protectedResource && call.path === p.basePath + p.protectedResource.path);
}

/**
 * MCP transports (2025-06-18 and later): "Servers MUST validate the Origin header on all incoming
 * connections to prevent DNS rebinding attacks." Trusted: no Origin (a non-browser client), the
 * mock's own origin, and the origins the user listed (`--allow-origin`, `allowOrigins`).
 */
export function originAllowed(ctx: EngineContext, call: Pick<Call, 'headers' | 'origin'>): boolean {
  const o = call.headers.origin;
  if (o === undefined) return true;
  return o === call.origin || o === new URL(ctx.origin()).origin || ctx.allowOrigins.includes(o);
}

/** CORS for the MCP endpoint: the trusted origin echoed (with Vary), the headers an MCP client sends and reads. */
export function mcpCors(ctx: EngineContext, call: Pick<Call, 'headers' | 'origin'>): Record<string, string> {
  const o = call.headers.origin;
  if (o === undefined || !originAllowed(ctx, call)) return { vary: 'origin' };
  return {
    'access-control-allow-origin': o,
    vary: 'origin',
    'access-control-expose-headers': 'www-authenticate, mcp-session-id, mcp-protocol-version',
  };
}

/** The preflight answer: the SDK's client sends mcp-protocol-version, mcp-session-id and last-event-id after initialize. */
export function mcpPreflight(ctx: EngineContext, call: Pick<Call, 'headers' | 'origin'>): Record<string, string> {
  const cors = mcpCors(ctx, call);
  if (!cors['access-control-allow-origin']) return cors;
  return {
    ...cors,
    'access-control-allow-methods': 'GET, POST, DELETE',
    'access-control-allow-headers': 'authorization, content-type, accept, mcp-protocol-version, mcp-session-id, last-event-id',
    'access-control-max-age': '600',
  };
}

/**
 * MCP lifecycle: "If the server supports the requested protocol version, it MUST respond with the
 * same version. Otherwise, the server MUST respond with another protocol version it supports."
 * Returns the version to answer and what the SDK is to be asked (it knows nothing past its newest).
 */
export function negotiate(revision: string, requested: unknown): { answer: string; forSdk: string } {
  const ours = supportedVersions(revision);
  const answer = typeof requested === 'string' && ours.includes(requested) ? requested : ours[0]!;
  return { answer, forSdk: sdkVersion(answer) };
}

/** A version header the revision does not speak (transports: "the server MUST respond with 400 Bad Request"). */
export function unsupportedVersionHeader(revision: string, call: Pick<Call, 'headers'>): string | undefined {
  const v = call.headers['mcp-protocol-version'];
  return v !== undefined && !supportedVersions(revision).includes(v) ? v : undefined;
}
