// Opaque tokens that the engine can verify without storing them: AES-256-GCM over the token's claims,
// under a key derived from the signing key. A client cannot read or forge one (it stays opaque, RFC
// 6749 §1.4); every instance sharing the signing key (`--keys`) can open it; a restart with a new key
// voids them, exactly as it voids the JWTs.
import { exportJWK } from 'jose';
import { base64url, importSealKey, openBytes, sealBytes, sha256, type SealKey } from '#platform';
import { decodeBase64url } from '../../../lib/base64.ts';
import type { SigningKey } from './keys.ts';

const label = 'oauth-conformance opaque token v1:';

export type { SealKey };

/** The sealing key for a signing key: SHA-256 over a label and the private key's secret part. */
export async function sealingKeyFor(key: SigningKey): Promise<SealKey> {
  const jwk = await exportJWK(key.privateKey);
  const secret = jwk.d ?? jwk.k;
  if (!secret) throw new Error('the signing key has no private part to derive a sealing key from');
  return importSealKey(sha256(label + secret));
}

export async function seal(key: SealKey, claims: Record<string, unknown>): Promise<string> {
  return base64url(await sealBytes(key, new TextEncoder().encode(JSON.stringify(claims))));
}

/** The claims of a token this engine sealed, or undefined for anything else. */
export async function unseal(key: SealKey, token: string): Promise<Record<string, unknown> | undefined> {
  // 12 bytes IV + 16 bytes tag at least; base64url only.
  if (token.length < 40 || token.length > 4096) return undefined;
  const bytes = decodeBase64url(token);
  if (!bytes) return undefined;
  const plain = await openBytes(key, bytes);
  if (!plain) return undefined;
  try {
    const v: unknown = JSON.parse(new TextDecoder().decode(plain));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
