// The default store: maps in this process. Every verb runs to completion without awaiting anything,
// so each is atomic with respect to concurrent requests. `snapshot`/`load` serve the state file.
import type { Client, StateFile } from '../../generated/types/index.ts';
import { pollTolerance, type CodeRecord, type DeviceDecision, type DeviceRecord, type FamilyRecord, type FamilyRevocation, type PendingAuthorization, type Store, type StoredUser, type Until } from './store.ts';

/** What survives a restart in a state file: nothing short-lived (codes, sign-ins) and no token. */
export type StoreSnapshot = Omit<StateFile, 'format' | 'version' | 'savedAt'>;

export interface MemoryStore extends Store {
  snapshot(): StoreSnapshot;
  load(s: StoreSnapshot): void;
  /** The private JWK kept with the state (a state file started without --keys). */
  signingKey(): StoreSnapshot['signingKey'];
  keepSigningKey(jwk: NonNullable<StoreSnapshot['signingKey']>): void;
  /** Called after each change (the file store schedules a write). */
  onChange?: () => void;
}

const later = (a: Until, b: Until): Until => (a === null || b === null ? null : Math.max(a, b));
const alive = (until: Until, now: number) => until === null || until >= now;

export function createMemoryStore(description = 'memory'): MemoryStore {
  const families = new Map<string, FamilyRecord>();
  const revokedTokens = new Map<string, Until>();
  const revokedFamilies = new Map<string, { what: FamilyRevocation; until: Until }>();
  const logins = new Map<string, string>();
  const codes = new Map<string, CodeRecord & { used: boolean }>();
  const pendings = new Map<string, PendingAuthorization>();
  const devices = new Map<string, DeviceRecord & { last?: number; decision?: DeviceDecision; used: boolean }>();
  const userCodes = new Map<string, string>();
  const used = new Map<string, number>();
  const hits = new Map<string, { count: number; until: number }>();
  const users = new Map<string, StoredUser>();
  const clients = new Map<string, Client>();
  const changed = () => store.onChange?.();
  let signingKey: StoreSnapshot['signingKey'];

  function markFamily(id: string, only: 'refresh' | undefined, until: Until) {
    const had = revokedFamilies.get(id);
    // 'all' is never narrowed back to 'refresh'.
    const what: FamilyRevocation = only === 'refresh' && (!had || had.what === 'refresh') ? 'refresh' : 'all';
    revokedFamilies.set(id, { what, until: had ? later(had.until, until) : until });
    // Its refresh tokens are dead either way: the record is no longer needed (the marker decides).
    families.delete(id);
  }

  const store: MemoryStore = {
    description,
    shared: false,
    async putFamily(f) {
      const had = families.get(f.id);
      families.set(f.id, had ? { ...had, until: later(had.until, f.until) } : { ...f });
      changed();
    },
    async family(id) {
      const f = families.get(id);
      return f && { ...f };
    },
    async rotate(id, gen, until) {
      const f = families.get(id);
      if (!f) return 'unknown';
      if (f.gen !== gen) return 'stale';
      f.gen = gen + 1;
      f.until = later(f.until, until);
      changed();
      return 'rotated';
    },
    async revokeFamily(id, only, until) {
      markFamily(id, only, until);
      changed();
    },
    async voidOtherLogins(key, ownFamily, until) {
      const earlier = logins.get(key);
      logins.set(key, ownFamily);
      if (earlier !== undefined && earlier !== ownFamily) markFamily(earlier, 'refresh', until);
      changed();
    },
    async revokeToken(hash, until) {
      const had = revokedTokens.get(hash);
      revokedTokens.set(hash, had === undefined ? until : later(had, until));
      changed();
    },
    async revocation(hash, familyId) {
      return { token: revokedTokens.has(hash), family: familyId === undefined ? undefined : revokedFamilies.get(familyId)?.what };
    },
    async putCode(code) {
      codes.set(code.code, { ...code, used: false });
    },
    async consumeCode(code, clientId) {
      const r = codes.get(code);
      if (!r) return undefined;
      const first = !r.used;
      if (r.clientId === clientId) r.used = true;
      const { used: _used, ...record } = r;
      return { record, first };
    },
    async putDevice(r) {
      const had = userCodes.get(r.userCode);
      if (had && devices.has(had)) return false;
      devices.set(r.deviceCode, { ...r, used: false });
      userCodes.set(r.userCode, r.deviceCode);
      return true;
    },
    async useOnce(key, until, now) {
      const had = used.get(key);
      if (had !== undefined && had >= now) return false;
      used.set(key, until);
      return true;
    },
    async hit(key, window, now, add = 1) {
      const had = hits.get(key);
      const w = had && had.until > now ? had : { count: 0, until: now + window };
      w.count += add;
      if (w.count) hits.set(key, w);
      return w.count;
    },
    async deviceByUserCode(userCode, now) {
      const d = devices.get(userCodes.get(userCode) ?? '');
      if (!d || d.exp * 1000 <= now) return undefined;
      const { last: _l, decision, used: _u, ...record } = d;
      return { ...record, decided: decision !== undefined };
    },
    async decideDevice(deviceCode, decision, now) {
      const d = devices.get(deviceCode);
      if (!d || d.decision !== undefined || d.exp * 1000 <= now) return false;
      d.decision = decision;
      return true;
    },
    async pollDevice(deviceCode, clientId, now) {
      const d = devices.get(deviceCode);
      if (!d || d.clientId !== clientId) return { state: 'unknown' };
      if (now >= d.exp * 1000) return { state: 'expired' };
      const last = d.last;
      d.last = now;
      if (d.decision === undefined) {
        if (last !== undefined && now - last < d.interval * 1000 * pollTolerance) {
          d.interval += 5;
          return { state: 'slow_down', interval: d.interval };
        }
        return { state: 'pending' };
      }
      if (d.decision === 'denied') return { state: 'denied' };
      const first = !d.used;
      d.used = true;
      const { last: _l, decision, used: _u, ...record } = d;
      return { state: 'approved', record, decision, first };
    },
    async putPending(p) {
      pendings.set(p.id, { ...p });
    },
    async pending(id) {
      const p = pendings.get(id);
      return p && { ...p };
    },
    async deletePending(id) {
      pendings.delete(id);
    },
    async addUser(u) {
      if (users.has(u.username)) return false;
      users.set(u.username, { ...u });
      changed();
      return true;
    },
    async user(name) {
      return users.get(name);
    },
    async users() {
      return [...users.values()].map((u) => ({ ...u }));
    },
    async putClient(c) {
      clients.set(c.clientId, { ...c });
      changed();
    },
    async addClient(c) {
      if (clients.has(c.clientId)) return false;
      clients.set(c.clientId, { ...c });
      changed();
      return true;
    },
    async client(id) {
      return clients.get(id);
    },
    async clients() {
      return [...clients.values()].map((c) => ({ ...c }));
    },
    async sweep(now) {
      let n = 0;
      for (const [id, f] of families) if (!alive(f.until, now)) families.delete(id), n++;
      for (const [h, until] of revokedTokens) if (!alive(until, now)) revokedTokens.delete(h), n++;
      for (const [id, m] of revokedFamilies) if (!alive(m.until, now)) revokedFamilies.delete(id), n++;
      for (const [k, f] of logins) if (!families.has(f) && !revokedFamilies.has(f)) logins.delete(k), n++;
      for (const [c, r] of codes) if (r.exp < now) codes.delete(c);
      for (const [id, p] of pendings) if (p.exp < now) pendings.delete(id);
      for (const [c, d] of devices) if (d.exp < now) devices.delete(c), userCodes.delete(d.userCode);
      for (const [key, until] of used) if (until < now) used.delete(key);
      for (const [key, w] of hits) if (w.until <= now) hits.delete(key);
      if (n) changed();
    },
    async reset() {
      families.clear();
      revokedTokens.clear();
      revokedFamilies.clear();
      logins.clear();
      codes.clear();
      pendings.clear();
      devices.clear();
      userCodes.clear();
      used.clear();
      hits.clear();
      changed();
    },
    async stats() {
      return { families: families.size, revokedTokens: revokedTokens.size, revokedFamilies: revokedFamilies.size, codes: codes.size, pending: pendings.size, users: users.size, clients: clients.size };
    },
    async close() {},
    snapshot() {
      return {
        families: [...families.values()],
        revokedTokens: [...revokedTokens].map(([hash, until]) => ({ hash, until })),
        revokedFamilies: [...revokedFamilies].map(([id, m]) => ({ id, what: m.what, until: m.until })),
        logins: [...logins].map(([key, familyId]) => ({ key, familyId })),
        users: [...users.values()],
        clients: [...clients.values()],
        ...(signingKey ? { signingKey } : {}),
      };
    },
    signingKey: () => signingKey,
    keepSigningKey(jwk) {
      signingKey = jwk;
      changed();
    },
    load(s) {
      for (const f of s.families) families.set(f.id, f);
      for (const r of s.revokedTokens) revokedTokens.set(r.hash, r.until);
      for (const r of s.revokedFamilies) revokedFamilies.set(r.id, { what: r.what, until: r.until });
      for (const l of s.logins) logins.set(l.key, l.familyId);
      for (const u of s.users) users.set(u.username, u);
      for (const c of s.clients) clients.set(c.clientId, c);
      signingKey = s.signingKey;
    },
  };
  return store;
}
