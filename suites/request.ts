// How a request description becomes headers and a body: shared by the checks' HTTP client and the
// project's engine tests, so both speak the same encodings.

export interface Send {
  form?: Record<string, string> | string;
  json?: unknown;
  headers?: Record<string, string>;
  basic?: [string, string];
  bearer?: string;
}

/** RFC 6749 §2.3.1: id and secret are form-urlencoded before base64. */
export function basicHeader(id: string, secret: string): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${enc(id)}:${enc(secret)}`).toString('base64')}`;
}

export function encodeRequest(s: Send, defaults: Record<string, string> = {}): { headers: Record<string, string>; body: string | undefined } {
  const headers: Record<string, string> = { ...defaults, ...s.headers };
  let body: string | undefined;
  if (s.form !== undefined) {
    headers['content-type'] ??= 'application/x-www-form-urlencoded';
    body = typeof s.form === 'string' ? s.form : new URLSearchParams(s.form).toString();
  } else if (s.json !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = JSON.stringify(s.json);
  }
  if (s.basic) headers.authorization = basicHeader(s.basic[0], s.basic[1]);
  if (s.bearer !== undefined) headers.authorization = `Bearer ${s.bearer}`;
  return { headers, body };
}
