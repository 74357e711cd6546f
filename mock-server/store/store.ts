// The engine's state behind one small interface of verbs. Flows and admin call verbs; no one touches a
// store's own maps or keys. Three implementations keep one contract (contract.test.ts, beside them):
// memory (memory.ts, the default), a state file (file.ts) and Redis (redis.ts).
//
// Tokens the engine can verify by itself (a signed JWT, a sealed opaque token) are not stored one by
// one: the store holds only what a token cannot say about itself — revocations until the token would
// expire anyway, each refresh family's live generation, single-use codes, sign-ins in progress, and
// the users and clients added at run time. So memory grows with families and revocations, not tokens.
import type { Client, Family as FamilyRecord, FamilyRevocation, StoredUser, Until } from '../../generated/types/index.ts';

// The records that outlive a restart are defined by schemas/state-file.schema.json.
export type { Family as FamilyRecord, FamilyOrigin, FamilyRevocation, StoredUser, Until } from '../../generated/types/index.ts';

export interface CodeRecord {
  code: string;
  clientId: string;
  redirectUri: string | undefined;
  scope: string[];
  sub: string;
  username: string;
  challenge: string | undefined;
  challengeMethod: 'S256' | 'plain' | undefined;
  exp: number;
  familyId: string;
  /** OpenID Connect: the request's nonce and when the user authenticated (Core 1.0 §3.1.2.1, §2). */
  nonce?: string;
  authTime?: number;
  /** RFC 8707: the resources the authorization request named. */
  resource?: string[];
  /** RFC 9449 §10: the DPoP key the code is bound to (`dpop_jkt`, or the pushed request's proof). */
  dpopJkt?: string;
}

/** A device authorization (RFC 8628 §3.2): the device polls with `deviceCode`, the user types `userCode`. */
export interface DeviceRecord {
  deviceCode: string;
  /** Stored as typed by nobody: upper case, no separator (§6.1: compared case-insensitively, dashes ignored). */
  userCode: string;
  clientId: string;
  scope: string[];
  /** RFC 8707: the resources the request named. */
  resources?: string[];
  /** Epoch seconds. */
  exp: number;
  /** Seconds between polls; slow_down raises it by 5 (§3.5). */
  interval: number;
}

/** The user's answer on the verification page. */
export type DeviceDecision = { user: string; scope: string[]; authTime: number } | 'denied';

/** What one poll of the token endpoint finds (RFC 8628 §3.4, §3.5). */
export type DevicePoll =
  | { state: 'unknown' | 'expired' | 'pending' | 'denied' }
  | { state: 'slow_down'; interval: number }
  | { state: 'approved'; record: DeviceRecord; decision: Exclude<DeviceDecision, 'denied'>; first: boolean };

/** A poll sooner than this share of the interval is "too fast" (timers and networks jitter a little). */
export const pollTolerance = 0.8;

/** A sign-in between the authorization request and the consent (RFC 6749 §4.1.1). */
export interface PendingAuthorization {
  id: string;
  clientId: string;
  redirectUri: string;
  /** Whether the request named redirect_uri (then the token request must repeat it, §4.1.3). */
  redirectUriSent: boolean;
  state: string | undefined;
  scope: string[];
  challenge: string | undefined;
  challengeMethod: 'S256' | 'plain' | undefined;
  exp: number;
  user?: string;
  /** OpenID Connect (Core 1.0 §3.1.2.1): nonce and max_age as requested; when the user authenticated. */
  nonce?: string;
  maxAge?: number;
  authTime?: number;
  /** Whether this request is an OpenID Connect authentication request (`openid` in scope). */
  oidc?: boolean;
  /** prompt=consent: ask for consent even where the session already has it. */
  promptConsent?: boolean;
  /** RFC 8707: the resources the authorization request named. */
  resource?: string[];
  /** RFC 9449 §10: the DPoP key the code will be bound to. */
  dpopJkt?: string;
}

export type RotateResult = 'rotated' | 'stale' | 'unknown';

export interface StoreStats {
  families: number;
  revokedTokens: number;
  revokedFamilies: number;
  codes: number;
  pending: number;
  users: number;
  clients: number;
}

export interface Store {
  /** What kind of store this is, for messages: `memory`, `file /path`, `redis host:port/db`. */
  readonly description: string;
  /** Whether other processes see the same state (so `--workers` may use it). */
  readonly shared: boolean;

  // Refresh families.
  /** Records a family (or extends its `until`); never clears a revocation already made. */
  putFamily(family: FamilyRecord): Promise<void>;
  family(id: string): Promise<FamilyRecord | undefined>;
  /** Moves a family from generation `gen` to `gen + 1`: of concurrent callers exactly one gets `rotated`. */
  rotate(id: string, gen: number, until: Until): Promise<RotateResult>;
  /**
   * Revokes a family's tokens (or only its refresh tokens), also those minted concurrently, until
   * `until`; the family's record goes (its refresh tokens are dead either way).
   */
  revokeFamily(id: string, only: 'refresh' | undefined, until: Until): Promise<void>;
  /** A new login for `key` (origin and subject) voids the refresh tokens of the login before it. */
  voidOtherLogins(key: string, ownFamily: string, until: Until): Promise<void>;

  // Single tokens.
  /** Revokes one token (by its hash) until it would have expired. */
  revokeToken(hash: string, until: Until): Promise<void>;
  /** Whether a token, or its family, is revoked: the one read every protected request makes. */
  revocation(hash: string, familyId: string | undefined): Promise<{ token: boolean; family: FamilyRevocation | undefined }>;

  // Authorization codes (single use, RFC 6749 §4.1.2).
  putCode(code: CodeRecord): Promise<void>;
  /**
   * Marks a code used by the client it was issued to: `first` is true for exactly one such caller.
   * Another client's attempt leaves it unused (and is refused by the caller).
   */
  consumeCode(code: string, clientId: string | undefined): Promise<{ record: CodeRecord; first: boolean } | undefined>;

  // Device authorizations (RFC 8628), each decided once and redeemed once, across instances.
  /** Adds one; false when its user code is taken by a live one (the caller draws another). */
  putDevice(record: DeviceRecord): Promise<boolean>;
  /** The live authorization a user code names at `now` (ms), and whether it has been decided. */
  deviceByUserCode(userCode: string, now: number): Promise<(DeviceRecord & { decided: boolean }) | undefined>;
  /** Records the user's answer; false when already decided or expired (`now` in ms). */
  decideDevice(deviceCode: string, decision: DeviceDecision, now: number): Promise<boolean>;
  /** One poll by `clientId` at `now` (ms): too fast raises the interval; an approval is redeemed once. */
  pollDevice(deviceCode: string, clientId: string, now: number): Promise<DevicePoll>;

  // Single-use identifiers: an assertion's jti (RFC 7523 §3), refused the second time across instances.
  /** Marks `key` used until `until` (seconds, the engine clock's `now`): true for exactly one caller while it lives. */
  useOnce(key: string, until: number, now: number): Promise<boolean>;
  /**
   * Counts `add` attempts (default 1; 0 only reads) under `key` in a window that opens at its first
   * attempt and lasts `window` seconds (engine clock `now`); resolves with the count in the window.
   */
  hit(key: string, window: number, now: number, add?: number): Promise<number>;

  // Sign-ins in progress.
  putPending(p: PendingAuthorization): Promise<void>;
  pending(id: string): Promise<PendingAuthorization | undefined>;
  deletePending(id: string): Promise<void>;

  // Users and clients added at run time (configured ones live in the profile).
  /** Adds a user; false when the name is taken. */
  addUser(user: StoredUser): Promise<boolean>;
  user(username: string): Promise<StoredUser | undefined>;
  users(): Promise<StoredUser[]>;
  /** Adds or replaces a client registered at run time. */
  putClient(client: Client): Promise<void>;
  /** Adds a client; false when the id is taken (the admin surface never replaces one). */
  addClient(client: Client): Promise<boolean>;
  client(clientId: string): Promise<Client | undefined>;
  clients(): Promise<Client[]>;

  /** Drops what expired before `now` (stores with their own expiry, like Redis, do nothing). */
  sweep(now: number): Promise<void>;
  /** Forgets tokens, families, codes and sign-ins in progress; keeps users and clients. */
  reset(): Promise<void>;
  stats(): Promise<StoreStats>;
  /** Writes what is pending and lets go of connections. */
  close(): Promise<void>;
}
