// Base64 decoding for the rare paths that need it (Basic credentials, an unsigned token's parts):
// the same strict rules on Node and in the browser, so malformed input fails the same way on both
// (the platform only turns text already checked into bytes).
import { base64Bytes } from '#platform';

const utf8 = new TextDecoder('utf-8', { fatal: true });
const quanta = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const padded = (standard: string) => standard.padEnd(standard.length + ((4 - (standard.length % 4)) % 4), '=');

/** Decodes base64 or base64url text to a UTF-8 string; undefined when it is not valid base64 or UTF-8. */
export function decodeBase64(text: string): string | undefined {
  const standard = text.replace(/-/g, '+').replace(/_/g, '/');
  if (standard.length % 4 === 1) return undefined;
  const full = padded(standard);
  // Whole quanta, '=' only as the last one's padding (what atob accepts once padded).
  if (!quanta.test(full)) return undefined;
  try {
    return utf8.decode(base64Bytes(full));
  } catch {
    return undefined;
  }
}

/** Decodes base64url text to bytes; undefined when it is not valid base64url. */
export function decodeBase64url(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return undefined;
  const bytes = base64Bytes(padded(text.replace(/-/g, '+').replace(/_/g, '/')));
  return new Uint8Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
}
