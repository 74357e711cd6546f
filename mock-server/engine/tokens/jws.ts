// Compact JWS signing. The signature itself comes from the platform (node:crypto's threaded sign on
// Node, WebCrypto in the browser); jose still generates and imports keys, and verifies every token.
// The algorithm comes from the key: never `none`.
import { base64url, signJwsInput } from '#platform';
import type { SigningKey } from './keys.ts';

export async function signJwt(key: SigningKey, header: Record<string, unknown>, payload: Record<string, unknown>): Promise<string> {
  const input = `${base64url(JSON.stringify({ ...header, alg: key.alg, kid: key.kid }))}.${base64url(JSON.stringify(payload))}`;
  return `${input}.${await signJwsInput(key, input)}`;
}

/** Whether a compact JWS carries a valid signature by `key` (the dashboard's decoded view says so). */
export async function signedBy(key: SigningKey, token: string): Promise<boolean> {
  const { compactVerify } = await import('jose');
  try {
    await compactVerify(token, key.publicKey, { algorithms: [key.alg] });
    return true;
  } catch {
    return false;
  }
}
