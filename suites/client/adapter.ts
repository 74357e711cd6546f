// The contract between the client suite and a client under test. An adapter module (named in a
// target file of kind "client") default-exports `create`: given the mock's base URL, the profile and
// credentials it builds the client, and offers `call()`: one authenticated API call made the
// client's ordinary way.
import type { ResolvedProfile } from '../../lib/resolved-profile.ts';

export interface AdapterContext {
  /** Base URL of the mock that plays the provider (profile paths are relative to it). */
  baseUrl: string;
  profile: ResolvedProfile;
  credentials: { clientId?: string; clientSecret?: string; apiKey?: string; username?: string; password?: string };
  /** The API call to make: a protected resource of the profile. */
  resource: { method: string; url: string };
}

export interface ClientUnderTest {
  /** Makes the API call; resolves with the final HTTP status the client saw (or rejects, if it gives up by throwing). */
  call(): Promise<{ status: number }>;
  close?(): Promise<void>;
}

export type CreateClient = (ctx: AdapterContext) => Promise<ClientUnderTest>;
