// Secrets never reach logs or reports: each is replaced by a short fingerprint, so a reader (or a
// client check) can still tell whether two requests carried the same token without seeing it.
import { sha256Base64url } from '#platform';

export function fingerprint(secret: string): string {
  return `[redacted ${sha256Base64url(secret).slice(0, 10)}]`;
}

const secretFields = new Set(['client_secret', 'password', 'apikey', 'refresh_token', 'refreshtoken', 'access_token', 'token', 'code', 'code_verifier', 'id_token', 'assertion', 'device_code', 'subject_token', 'actor_token', 'client_assertion']);

export function isSecretField(name: string, extra?: ReadonlySet<string>): boolean {
  const n = name.toLowerCase();
  return secretFields.has(n) || Boolean(extra?.has(n));
}

export interface RedactOptions {
  /** More field names that carry secrets (a profile's own names), lower-case. */
  fields?: ReadonlySet<string>;
  /**
   * A body that is neither JSON nor form nor multipart: `keep` it when short (the suites, which also
   * scrub every secret they know by value), or `drop` it to its size (the mock's recordings, which
   * cannot know what an unexpected encoding hides). JSON- or form-shaped text is redacted as such
   * whatever its declared type.
   */
  unknown?: 'keep' | 'drop';
}

export function redactHeader(name: string, value: string, o: RedactOptions = {}): string {
  const n = name.toLowerCase();
  // A redirect carries codes and tokens in its query or fragment (RFC 6749 §4.1.2).
  if (n === 'location' || n === 'content-location' || n === 'refresh') return redactLocation(value, o);
  if (n === 'authorization' || n === 'proxy-authorization') {
    const [scheme, ...rest] = value.split(' ');
    return rest.length ? `${scheme} ${fingerprint(rest.join(' ').trim())}` : fingerprint(value);
  }
  // RFC 9449 §4.2: a DPoP proof's header and claims are what a reader needs (htm, htu, jti, ath); its
  // signature is what would let anyone replay it, so only that part is fingerprinted.
  if (n === 'dpop') {
    const parts = value.split('.');
    return parts.length === 3 ? `${parts[0]}.${parts[1]}.${fingerprint(parts[2]!)}` : fingerprint(value);
  }
  if (n === 'cookie' || n === 'set-cookie' || n === 'x-admin-token' || n === 'x-api-key' || n === 'api-key' || n === 'x-auth-token') return fingerprint(value);
  return value;
}

export function redactHeaders(headers: Headers | Readonly<Record<string, string>>, o: RedactOptions = {}): Record<string, string> {
  const out: Record<string, string> = {};
  const each = (v: string, k: string) => {
    out[k.toLowerCase()] = redactHeader(k.toLowerCase(), v, o);
  };
  if (headers instanceof Headers) headers.forEach(each);
  else for (const [k, v] of Object.entries(headers)) each(v, k);
  return out;
}

function redactParams(params: URLSearchParams, o: RedactOptions): string {
  const out: string[] = [];
  for (const [k, v] of params) out.push(`${encodeURIComponent(k)}=${isSecretField(k, o.fields) ? fingerprint(v) : encodeURIComponent(v)}`);
  return out.join('&');
}

function redactLocation(value: string, o: RedactOptions): string {
  const q = value.indexOf('?');
  const h = value.indexOf('#');
  if (q < 0 && h < 0) return value;
  const end = (i: number) => (i < 0 ? value.length : i);
  const base = value.slice(0, Math.min(end(q), end(h)));
  const query = q >= 0 ? `?${redactParams(new URLSearchParams(value.slice(q + 1, h > q ? h : undefined)), o)}` : '';
  const fragment = h >= 0 ? `#${redactParams(new URLSearchParams(value.slice(h + 1)), o)}` : '';
  return base + query + fragment;
}

/** Redacts a body of any encoding (see RedactOptions for what is neither JSON, form nor multipart). */
export function redactBody(text: string, contentType: string, o: RedactOptions = {}): string {
  if (!text) return '';
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  const asJson = (): string | undefined => {
    try {
      return JSON.stringify(redactJson(JSON.parse(text), o));
    } catch {
      return undefined;
    }
  };
  if (type === 'application/json' || type.endsWith('+json')) return asJson() ?? `[${text.length} bytes of invalid JSON]`;
  if (type === 'application/x-www-form-urlencoded') return redactParams(new URLSearchParams(text), o);
  if (type === 'multipart/form-data') return redactMultipart(text, o);
  const json = /^\s*[[{]/.test(text) ? asJson() : undefined;
  if (json !== undefined) return json;
  if (/^[^\s=&]+=[^\s]*(&[^\s=&]*=?[^\s]*)*$/.test(text.trim())) return redactParams(new URLSearchParams(text.trim()), o);
  if (o.unknown === 'drop' && type !== 'text/html') return `[${text.length} bytes${type ? ` of ${type}` : ''}]`;
  return text.length > 2048 ? `[${text.length} bytes]` : text;
}

/** Multipart fields as `name=value`, secret ones fingerprinted; file contents only by size. */
function redactMultipart(text: string, o: RedactOptions): string {
  const out: string[] = [];
  for (const part of text.split(/\r?\n--/)) {
    const name = /content-disposition:[^\r\n]*\bname="([^"]*)"/i.exec(part)?.[1];
    if (name === undefined) continue;
    const value = part.split(/\r?\n\r?\n/).slice(1).join('\n\n').replace(/\r?\n$/, '');
    out.push(`${encodeURIComponent(name)}=${isSecretField(name, o.fields) ? fingerprint(value) : /filename=/i.test(part) ? `[${value.length} bytes]` : encodeURIComponent(value)}`);
  }
  return out.length ? out.join('&') : `[${text.length} bytes of multipart]`;
}

function redactJson(v: unknown, o: RedactOptions): unknown {
  if (Array.isArray(v)) return v.map((x) => redactJson(x, o));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, isSecretField(k, o.fields) && typeof x === 'string' ? fingerprint(x) : redactJson(x, o)]));
  return v;
}

export function redactUrl(url: URL, o: RedactOptions = {}): string {
  return url.search ? `${url.pathname}?${redactParams(url.searchParams, o)}` : url.pathname;
}
