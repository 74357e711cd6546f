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
  put(record: AccessRecord | RefreshRecord): void;
  revokeFamily(familyId: string): number;
  sweep(nowSeconds: number): number;
  clearTokens(): void;
}

export function createStore(): Store {
  const tokens = new Map<string, AccessRecord | RefreshRecord>();
  const families = new Map<string, Set<string>>();
  const codes = new Map<string, CodeRecord>();
  const users = new Map<string, StoredUser>();
  return {
    tokens,
    families,
    codes,
    users,
    put(record) {
      tokens.set(record.hash, record);
      if (record.familyId) {
        let f = families.get(record.familyId);
        if (!f) families.set(record.familyId, (f = new Set()));
        f.add(record.hash);
      }
    },
    revokeFamily(familyId) {
      let n = 0;
      for (const h of families.get(familyId) ?? []) {
        const r = tokens.get(h);
        if (r && !r.revoked) {
          r.revoked = true;
          n++;
        }
      }
      return n;
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
      for (const [c, r] of codes) {
        if (r.exp < now) {
          codes.delete(c);
          removed++;
        }
      }
      return removed;
    },
    clearTokens() {
      tokens.clear();
      families.clear();
      codes.clear();
    },
  };
}
