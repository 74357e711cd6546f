// What a flow receives: the request as its route declared it (routes.ts), parsed and authenticated
// once by the pipeline (pipeline.ts). No flow sees the raw call; the engine's own state (profile,
// keys, defects) stays in the EngineContext handed beside it.
import type { Client } from '../../../generated/types/index.ts';
import type { ResolvedGrant } from '../../../lib/resolved-profile.ts';
import type { Store } from '../../store/store.ts';
import type { Reply } from './call.ts';
import type { Clock } from './clock.ts';
import type { EngineContext } from './context.ts';
import type { Params } from './params.ts';
import type { Proof } from '../tokens/dpop.ts';

/** The parts of the request a flow may still need after parsing: sessions, `prompt`, the login form's action. */
export interface RequestView {
  /** GET for HEAD (RFC 9110 §9.3.2). */
  readonly method: string;
  readonly path: string;
  /** scheme://host[:port] the request arrived at. */
  readonly origin: string;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  /** RFC 6265 §5.4 cookie-string, split (the transport's jar already merged in). */
  readonly cookies: Readonly<Record<string, string>>;
  /** The peer's address (node transport); absent in process (MSW). */
  readonly peer?: string;
}

export interface FlowInput {
  /** Parameters from the query or body, as the route's `body` declares; empty where it reads none. */
  params: Params;
  /** The client the route's `client` rule authenticated; undefined where the route authenticates none. */
  client: Client | undefined;
  /** The issuer this request is answered as: the configured one, else its origin plus basePath. */
  issuer: string;
  clock: Clock;
  store: Store;
  request: RequestView;
}

/** A grant request: the grant the pipeline picked by grant_type (or the dedicated endpoint's one). */
export interface GrantInput extends FlowInput {
  grant: ResolvedGrant;
  /** RFC 9449 §5: the key a valid DPoP proof of this request was signed with; the tokens are bound to it. */
  proof?: Proof;
}

/** A protected resource's request: the one bearer token it carried (RFC 6750 §2), if any. */
export interface BearerInput extends FlowInput {
  token: string | undefined;
  /** The scheme the token came with: Bearer, or DPoP with its proof (RFC 9449 §7.1) where the profile has DPoP. */
  presented: { scheme: 'Bearer' | 'DPoP'; proof: Proof | undefined };
}

/** A JSON document body (RFC 7591 client metadata): members of any JSON type, unlike `params`. */
export interface DocumentInput extends FlowInput {
  document: Record<string, unknown>;
}

/**
 * A transport route (the MCP endpoint) hands an SDK the whole request; its rules run before the body
 * is read, so the body is read only when asked for (and its problems raised then).
 */
export interface TransportInput extends FlowInput {
  query: string;
  body(): string;
}

export type Flow<I extends FlowInput = FlowInput> = (ctx: EngineContext, input: I) => Promise<Reply>;
export type GrantFlow = Flow<GrantInput>;
