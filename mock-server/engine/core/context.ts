// What every flow receives: the profile and the engine's state. Flows read time only from `clock`.
import type { JWTPayload, JWTVerifyGetKey } from 'jose';
import { randomBase64url, type VerifyKey } from '#platform';
import type { Client, User } from '../../../generated/types/index.ts';
import type { ResolvedProfile } from '../../../lib/resolved-profile.ts';
import type { Call } from './call.ts';
import type { Clock } from './clock.ts';
import type { DefectSwitches } from './defects.ts';
import type { SigningKey } from '../tokens/keys.ts';
import type { Sdk } from '../mcp/mcp-sdk.ts';
import type { SealKey } from '../tokens/sealed.ts';
import type { Store, Until } from '../../store/store.ts';

export interface ApiKeyEntry {
  key: string;
  subject: string;
}

export interface EngineContext {
  profile: ResolvedProfile;
  clock: Clock;
  store: Store;
  /** The signing key; generating an RSA key takes a while, so it may still be on its way. */
  key(): Promise<SigningKey>;
  /** The key opaque tokens are sealed with, derived from the signing key (sealed.ts). */
  sealKey(): Promise<SealKey>;
  /** The configured clients; those registered at run time are in the store (see `findClient`). */
  clients: Map<string, Client>;
  apiKeys: ApiKeyEntry[];
  /** Issuer URL for a call: the configured one, else the call's origin plus basePath. */
  issuer(call: Pick<Call, 'origin'>): string;
  /** Where the engine is served (set by the transport once it listens), for minting outside a request. */
  origin(): string;
  /** Lifetime of authorization codes, seconds. */
  codeLifetime: number;
  /** Deliberate defects switched on (none: the strict, correct mock); flows read them through `defect()`. */
  defects: DefectSwitches;
  /** Demo users as configured (registered users live in the store). */
  configuredUsers: User[];
  /** Tokens whose signature or seal was verified (bounded); expiry and revocation are still checked per call. */
  verified: Map<string, VerifiedToken>;
  /** Key sets of trusted assertion issuers (RFC 7523), by issuer, built once (a jwks_uri is fetched as jose's remote set caches it). */
  issuerKeys: Map<string, JWTVerifyGetKey>;
  /** DPoP proof keys (RFC 9449), imported once, with their RFC 7638 thumbprints; bounded. */
  proofKeys: Map<string, { key: VerifyKey; jkt: string }>;
  /** Client ID Metadata Documents: where they may be fetched from, and those fetched lately. */
  clientMetadata: ClientMetadataOptions;
  /** Origins besides the mock's own that the MCP endpoint trusts (Origin header, CORS). */
  allowOrigins: readonly string[];
  /** The MCP SDK an app handed in (see mcp-sdk.ts); without it the MCP endpoint imports it. */
  mcpSdk?: Sdk;
}

export interface VerifiedToken {
  payload: JWTPayload;
  /** Its revocation key (tokens.ts `tokenHash`), once a call asked for it. */
  hash?: string;
}

export interface ClientMetadataOptions {
  /** Hosts (`host` or `host:port`) besides loopback whose documents may be fetched. */
  allowedHosts: readonly string[];
  /** Documents fetched, by URL, until they are fetched again. */
  cache: Map<string, { client: Client; until: number }>;
}

/** A configured user, else one registered at run time. */
export async function findUser(ctx: EngineContext, username: string): Promise<User | undefined> {
  return ctx.configuredUsers.find((u) => u.username === username) ?? (await ctx.store.user(username));
}

/**
 * How long a revocation of a login must be remembered: until every token it may have issued, even one
 * minted while the revocation was being made, has expired (null: its tokens never expire).
 */
export function revocationUntil(ctx: EngineContext): Until {
  const a = ctx.profile.accessToken.lifetime;
  const r = ctx.profile.refreshToken.lifetime;
  if (a === null || (r === null && ctx.profile.refreshToken.policy !== 'none')) return null;
  return ctx.clock.nowSeconds() + Math.max(a, r ?? 0, ctx.codeLifetime) + 60;
}

/** A random token of `bytes` bytes from the platform's CSPRNG, base64url. */
export function randomToken(bytes = 32): string {
  return randomBase64url(bytes);
}
