// Secrets never reach logs or reports: each is replaced by a short fingerprint, so a reader (or a
// client check) can still tell whether two requests carried the same token without seeing it.
import { sha256Base64url } from '#platform';

export function fingerprint(secret: string): string {
  return `[redacted ${sha256Base64url(secret).slice(0, 10)}]`;
}

const secretFields = new Set(['client_secret', 'password', 'apikey', 'refresh_token', 'refreshtoken', 'access_token', 'token', 'code', 'code_verifier', 'id_token', 'assertion']);

export function isSecretField(name: string): boolean {
  return secretFields.has(name.toLowerCase());
}

export function redactHeader(name: string, value: string): string {
  const n = name.toLowerCase();
  if (n === 'authorization' || n === 'proxy-authorization') {
    const [scheme, ...rest] = value.split(' ');
    return rest.length ? `${scheme} ${fingerprint(rest.join(' ').trim())}` : fingerprint(value);
  }
  if (n === 'cookie' || n === 'set-cookie' || n === 'x-admin-token') return fingerprint(value);
  return value;
}

export function redactHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((v, k) => {
    out[k] = redactHeader(k, v);
  });
  return out;
}

/** Redacts a body of any of our encodings; text that is neither form nor JSON is kept only if short. */
export function redactBody(text: string, contentType: string): string {
  if (!text) return '';
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json' || type.endsWith('+json')) {
    try {
      return JSON.stringify(redactJson(JSON.parse(text)));
    } catch {
      return `[${text.length} bytes of invalid JSON]`;
    }
  }
  if (type === 'application/x-www-form-urlencoded') {
    const out: string[] = [];
    for (const [k, v] of new URLSearchParams(text)) out.push(`${encodeURIComponent(k)}=${isSecretField(k) ? fingerprint(v) : encodeURIComponent(v)}`);
    return out.join('&');
  }
  return text.length > 2048 ? `[${text.length} bytes]` : text;
}

function redactJson(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(redactJson);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, isSecretField(k) && typeof x === 'string' ? fingerprint(x) : redactJson(x)]));
  return v;
}

export function redactUrl(url: URL): string {
  const u = new URL(url);
  for (const k of [...u.searchParams.keys()]) if (isSecretField(k)) u.searchParams.set(k, fingerprint(u.searchParams.get(k) ?? ''));
  return `${u.pathname}${u.search}`;
}
