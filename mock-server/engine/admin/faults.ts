// Fault rules: chosen failures (status, body, headers, delay) for matching requests, a number of times.
import type { FaultRule } from '../../../generated/types/index.ts';
import { text, type Reply } from '../core/call.ts';
import { json } from '../core/params.ts';

export interface Faults {
  list(): FaultRule[];
  add(rule: FaultRule): FaultRule;
  remove(id: string): boolean;
  clear(): void;
  /** The rule that applies to this request, consuming one of its `times` (a `dpop` rule only where a proof came, a `clientAssertion` rule only where an assertion did). */
  take(method: string, path: string, carries?: { proof: boolean; assertion: boolean }): FaultRule | undefined;
}

export function createFaults(): Faults {
  let rules: FaultRule[] = [];
  let n = 0;
  const matches = (r: FaultRule, method: string, path: string, carries: { proof: boolean; assertion: boolean }) =>
    (!r.method || r.method === method) &&
    (!r.path || (r.path.endsWith('*') ? path.startsWith(r.path.slice(0, -1)) : path === r.path)) &&
    (r.status !== undefined || ((!r.dpop || carries.proof) && (!r.clientAssertion || carries.assertion)));
  return {
    list: () => rules.map((r) => ({ ...r })),
    add(rule) {
      const r = { ...rule, id: rule.id ?? `fault-${++n}` };
      rules = [...rules.filter((x) => x.id !== r.id), r];
      return r;
    },
    remove(id) {
      const before = rules.length;
      rules = rules.filter((r) => r.id !== id);
      return rules.length < before;
    },
    clear() {
      rules = [];
    },
    take(method, path, carries = { proof: false, assertion: false }) {
      const r = rules.find((x) => matches(x, method, path, carries));
      if (!r) return undefined;
      if (r.times !== undefined) {
        r.times -= 1;
        if (r.times <= 0) rules = rules.filter((x) => x !== r);
      }
      return r;
    },
  };
}

export function faultReply(rule: FaultRule): Reply {
  const headers = Object.fromEntries(Object.entries(rule.headers ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'));
  if (typeof rule.body === 'string') return text(rule.status ?? 500, rule.body, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  return json(rule.status ?? 500, rule.body ?? { error: 'server_error', error_description: 'injected fault' }, headers);
}
