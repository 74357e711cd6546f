// Opaque tokens that the engine can verify without storing them: AES-256-GCM over the token's claims,
// under a key derived from the signing key. A client cannot read or forge one (it stays opaque, RFC
// 6749 §1.4); every instance sharing the signing key (`--keys`) can open it; a restart with a new key
// voids them, exactly as it voids the JWTs.
import { exportJWK } from 'jose';
import { base64url } from '#platform';
import { decodeBase64url } from '../../lib/base64.ts';
import type { SigningKey } from './keys.ts';

const label = 'oauth-conformance opaque token v1:';

/** The sealing key for a signing key: SHA-256 over a label and the private key's secret part. */
export async function sealingKeyFor(key: SigningKey): Promise<CryptoKey> {
  const jwk = await exportJWK(key.privateKey);
  const secret = jwk.d ?? jwk.k;
  if (!secret) throw new Error('the signing key has no private part to derive a sealing key from');
  const raw = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(label + secret));
  return crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

export async function seal(key: CryptoKey, claims: Record<string, unknown>): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode(JSON.stringify(claims))));
  const out = new Uint8Array(12 + sealed.byteLength);
  out.set(iv, 0);
  out.set(sealed, 12);
  return base64url(out);
}

/** The claims of a token this engine sealed, or undefined for anything else. */
export async function unseal(key: CryptoKey, token: string): Promise<Record<string, unknown> | undefined> {
  // 12 bytes IV + 16 bytes tag at least; base64url only.
  if (token.length < 40 || token.length > 4096 || !/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  const bytes = decodeBase64url(token);
  if (!bytes || bytes.byteLength < 29) return undefined;
  try {
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: bytes.subarray(0, 12) }, key, bytes.subarray(12));
    const v: unknown = JSON.parse(new TextDecoder().decode(plain));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
