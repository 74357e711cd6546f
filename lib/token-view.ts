// JWTs read where people look (the mock's dashboard, check-client's and the suites' evidence): each
// token an exchange carried, found by its shape wherever it sits, decoded to header and claims and
// named by its fingerprint. The token itself is never kept: without its signature it is no credential.
import type { TokenView } from '../generated/types/index.ts';
import { decodeBase64 } from './base64.ts';
import { fingerprint } from './redact.ts';

export type { TokenView };

/** A JWS in compact form (RFC 7515 §7.1): three base64url parts; an encrypted JWT (five parts) stays opaque. */
const jwsShape = /^[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*$/;

const asObject = (text: string | undefined): Record<string, unknown> | undefined => {
  if (text === undefined) return undefined;
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
};

/** Header and claims of a JWS-shaped string, or undefined when it is not one (its header must name an `alg`). */
export function decodeJws(token: string): { header: Record<string, unknown>; claims: Record<string, unknown> } | undefined {
  if (!jwsShape.test(token)) return undefined;
  const [h, p] = token.split('.');
  const header = asObject(decodeBase64(h!));
  if (!header || typeof header.alg !== 'string') return undefined;
  const claims = asObject(decodeBase64(p!));
  return claims ? { header, claims } : undefined;
}

export interface FoundToken {
  where: string;
  token: string;
}

export interface RawMessage {
  headers: Readonly<Record<string, string>>;
  body: string;
  /** The request target's query, for a request. */
  query?: string;
}

/** Every JWT a request and its reply carried: the Authorization header, form, query and JSON fields, a redirect's parameters. */
export function findTokens(request: RawMessage, response: RawMessage | undefined): FoundToken[] {
  const found: FoundToken[] = [];
  const seen = new Set<string>();
  const add = (where: string, value: unknown) => {
    if (typeof value !== 'string' || seen.has(value) || !decodeJws(value)) return;
    seen.add(value);
    found.push({ where, token: value });
  };
  const params = (side: string, text: string) => {
    for (const [k, v] of new URLSearchParams(text)) add(`${side} ${k}`, v);
  };
  const json = (side: string, v: unknown, path: string) => {
    if (Array.isArray(v)) v.forEach((x, i) => json(side, x, `${path}[${i}]`));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) typeof x === 'string' ? add(`${side} ${path}${k}`, x) : json(side, x, `${path}${k}.`);
  };
  const body = (side: string, m: RawMessage) => {
    const text = m.body.trim();
    if (!text) return;
    if (/^[[{]/.test(text)) {
      try {
        return json(side, JSON.parse(text), '');
      } catch {
        // not JSON after all: maybe a form
      }
    }
    if (/^[^\s=&]+=/.test(text)) params(side, text);
  };
  const auth = /^(?:Bearer|DPoP)\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  if (auth) add('request authorization', auth[1]);
  // RFC 9449 §4.1: the DPoP proof, a JWT in its own header.
  add('request dpop', request.headers.dpop);
  if (request.query) params('request', request.query);
  body('request', request);
  if (response) {
    body('response', response);
    const location = response.headers.location;
    if (location) {
      const q = location.indexOf('?');
      const h = location.indexOf('#');
      if (q >= 0) params('response location', location.slice(q + 1, h > q ? h : undefined));
      if (h >= 0) params('response location', location.slice(h + 1));
    }
  }
  return found;
}

/** The readable view of found tokens; `verify` says whether a signature holds (the mock checks with its keys). */
export async function tokenViews(found: readonly FoundToken[], verify?: (token: string) => Promise<boolean>): Promise<TokenView[]> {
  return Promise.all(
    found.map(async ({ where, token }) => {
      const { header, claims } = decodeJws(token)!;
      const signature: TokenView['signature'] = verify ? ((await verify(token).catch(() => false)) ? 'verified' : 'invalid') : 'not-checked';
      return { where, fingerprint: fingerprint(token), header, claims, signature };
    }),
  );
}

/** The same without a key at hand (the suites' evidence of another server's replies). */
export function tokenViewsUnchecked(found: readonly FoundToken[]): TokenView[] {
  return found.map(({ where, token }) => ({ where, fingerprint: fingerprint(token), ...decodeJws(token)!, signature: 'not-checked' as const }));
}
