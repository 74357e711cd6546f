// In-memory state behind a small interface: issued tokens by hash (never the token itself), refresh
// families, authorization codes, registered users. Expired entries are swept so memory stays bounded.
import { sha256Base64url } from '#platform';

export function tokenHash(token: string): string {
  return sha256Base64url(token);
}

interface Issued {
  hash: string;
  clientId: string | undefined;
  sub: string;
  username: string | undefined;
  scope: string[];
  iat: number;
  /** Seconds since the epoch; null never expires. */
  exp: number | null;
  familyId: string | undefined;
  revoked: boolean;
  jti: string | undefined;
}

export interface AccessRecord extends Issued {
  kind: 'access';
}

export interface RefreshRecord extends Issued {
  kind: 'refresh';
  familyId: string;
  /** Rotated away: presenting it again is reuse. */
  used: boolean;
  /** What logged in: an API key's subject or a user, for the invalidation rules. */
  origin: 'api-key' | 'password' | 'client' | 'code';
}

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
  used: boolean;
  familyId: string;
}

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
}

export interface StoredUser {
  username: string;
  password: string;
  claims: Record<string, unknown>;
}

export interface Store {
  tokens: Map<string, AccessRecord | RefreshRecord>;
  families: Map<string, Set<string>>;
  codes: Map<string, CodeRecord>;
  users: Map<string, StoredUser>;
  pending: Map<string, PendingAuthorization>;
  put(record: AccessRecord | RefreshRecord): void;
  /** Revokes a family's tokens (only its refresh tokens with `only`), also those put later. */
  revokeFamily(familyId: string, only?: 'refresh'): number;
  /** A new login for `key` (origin and subject): the refresh tokens of every earlier login's family die, in flight ones too. */
  voidOtherLogins(key: string, ownFamily: string): void;
  sweep(nowSeconds: number): number;
  clearTokens(): void;
}

export function createStore(): Store {
  const tokens = new Map<string, AccessRecord | RefreshRecord>();
  const families = new Map<string, Set<string>>();
  const codes = new Map<string, CodeRecord>();
  const users = new Map<string, StoredUser>();
  const pending = new Map<string, PendingAuthorization>();
  // Families revoked while a token of theirs may still be in flight (minted concurrently with the
  // revocation): a token put later is born revoked. Kept while the family has live tokens.
  // The count is of sweeps seen: a marker outlives at least one whole sweep interval.
  const revokedFamilies = new Map<string, { seen: number; only?: 'refresh' }>();
  const loginFamilies = new Map<string, string>();
  return {
    tokens,
    families,
    codes,
    users,
    pending,
    put(record) {
      const marker = record.familyId ? revokedFamilies.get(record.familyId) : undefined;
      if (marker && (!marker.only || record.kind === marker.only)) record.revoked = true;
      tokens.set(record.hash, record);
      if (record.familyId) {
        let f = families.get(record.familyId);
        if (!f) families.set(record.familyId, (f = new Set()));
        f.add(record.hash);
      }
    },
    revokeFamily(familyId, only) {
      const had = revokedFamilies.get(familyId);
      revokedFamilies.set(familyId, { seen: 0, ...(only && (!had || had.only) ? { only } : {}) });
      if (!families.has(familyId)) families.set(familyId, new Set());
      let n = 0;
      for (const h of families.get(familyId) ?? []) {
        const r = tokens.get(h);
        if (r && !r.revoked && (!only || r.kind === only)) {
          r.revoked = true;
          n++;
        }
      }
      return n;
    },
    voidOtherLogins(key, ownFamily) {
      const earlier = loginFamilies.get(key);
      loginFamilies.set(key, ownFamily);
      if (earlier && earlier !== ownFamily) this.revokeFamily(earlier, 'refresh');
    },
    sweep(now) {
      let removed = 0;
      for (const [h, r] of tokens) {
        if (r.exp !== null && r.exp < now) {
          tokens.delete(h);
          if (r.familyId) {
            const f = families.get(r.familyId);
            f?.delete(h);
            if (f && f.size === 0) families.delete(r.familyId);
          }
          removed++;
        }
      }
      for (const [id, m] of revokedFamilies) {
        if (m.seen >= 1 && !families.get(id)?.size) {
          revokedFamilies.delete(id);
          families.delete(id);
        } else m.seen++;
      }
      for (const [c, r] of codes) {
        if (r.exp < now) {
          codes.delete(c);
          removed++;
        }
      }
      return removed;
    },
    clearTokens() {
      revokedFamilies.clear();
      loginFamilies.clear();
      pending.clear();
      tokens.clear();
      families.clear();
      codes.clear();
    },
  };
}
