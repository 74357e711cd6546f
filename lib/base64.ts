// Base64 decoding for the rare paths that need it (Basic credentials, an unsigned token's parts):
// the same strict rules on Node and in the browser, so malformed input fails the same way on both.

/** Decodes base64 or base64url text to a UTF-8 string; undefined when it is not valid base64 or UTF-8. */
export function decodeBase64(text: string): string | undefined {
  const standard = text.replace(/-/g, '+').replace(/_/g, '/');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(standard) || standard.length % 4 === 1) return undefined;
  try {
    const binary = atob(standard.padEnd(standard.length + ((4 - (standard.length % 4)) % 4), '='));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** Decodes base64url text to bytes; undefined when it is not valid base64url. */
export function decodeBase64url(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return undefined;
  try {
    const standard = text.replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(standard.padEnd(standard.length + ((4 - (standard.length % 4)) % 4), '='));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}
