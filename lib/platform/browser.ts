// The browser's side of the platform primitives (same exports as node.ts, proved equal by
// test/platform.test.ts): WebCrypto for signatures, @noble/hashes for the synchronous SHA-256 the
// store and PKCE need (WebCrypto's digest is asynchronous only).
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import type { SigningKey } from '../signing-key.ts';

export const platformName = 'browser';

const utf8 = new TextEncoder();

export function sha256(text: string): Uint8Array {
  return nobleSha256(utf8.encode(text));
}

export function sha256Base64url(text: string): string {
  return base64url(sha256(text));
}

export function base64url(data: Uint8Array | string): string {
  const bytes = typeof data === 'string' ? utf8.encode(data) : data;
  let binary = '';
  // In slices: String.fromCharCode takes its bytes as arguments, and argument counts are limited.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Bytes of standard, padded base64 text that the caller has already checked. */
export function base64Bytes(standard: string): Uint8Array {
  const binary = atob(standard);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** `bytes` random bytes (CSPRNG), base64url. */
export function randomBase64url(bytes: number): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

function algorithm(key: SigningKey): AlgorithmIdentifier | RsaPssParams | EcdsaParams {
  switch (key.alg) {
    case 'RS256':
      return { name: 'RSASSA-PKCS1-v1_5' };
    case 'PS256':
      return { name: 'RSA-PSS', saltLength: 32 };
    case 'ES256':
      return { name: 'ECDSA', hash: 'SHA-256' };
    case 'EdDSA':
      return { name: 'Ed25519' };
  }
}

/** WebCrypto's ECDSA signature is already the JWS (IEEE P1363) form. */
export async function signJwsInput(key: SigningKey, input: string): Promise<string> {
  return base64url(new Uint8Array(await crypto.subtle.sign(algorithm(key), key.privateKey, utf8.encode(input))));
}

/** A public key to verify JWS signatures of one `alg` with (RFC 7518 §3), imported once by the caller. */
export interface VerifyKey {
  alg: string;
  key: CryptoKey;
  params: AlgorithmIdentifier | RsaPssParams | EcdsaParams;
}

const hashOf = (alg: string) => (alg.endsWith('384') ? 'SHA-384' : alg.endsWith('512') ? 'SHA-512' : 'SHA-256');

/** The key a public JWK holds, for `alg`; undefined where the JWK is not a key of that algorithm's kind. */
export async function importVerifyKey(jwk: Record<string, unknown>, alg: string): Promise<VerifyKey | undefined> {
  const kind = alg.startsWith('ES') ? 'EC' : alg === 'EdDSA' ? 'OKP' : 'RSA';
  const curve = ({ ES256: 'P-256', ES384: 'P-384', ES512: 'P-521', EdDSA: 'Ed25519' } as Record<string, string>)[alg];
  if (jwk.kty !== kind || (curve && jwk.crv !== curve)) return undefined;
  const hash = hashOf(alg);
  const importParams = kind === 'EC' ? { name: 'ECDSA', namedCurve: curve! } : kind === 'OKP' ? { name: 'Ed25519' } : { name: alg.startsWith('PS') ? 'RSA-PSS' : 'RSASSA-PKCS1-v1_5', hash };
  const params = kind === 'EC' ? { name: 'ECDSA', hash } : kind === 'OKP' ? { name: 'Ed25519' } : alg.startsWith('PS') ? { name: 'RSA-PSS', saltLength: Number(alg.slice(2)) / 8 } : { name: 'RSASSA-PKCS1-v1_5' };
  try {
    const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, key_ops: _o, ...pub } = jwk;
    return { alg, key: await crypto.subtle.importKey('jwk', pub as JsonWebKey, importParams, false, ['verify']), params };
  } catch {
    return undefined;
  }
}

/** Whether `signature` is the JWS signature of `input` by `key` (WebCrypto's ECDSA takes the JWS form as it is). */
export async function verifyJwsInput(key: VerifyKey, input: string, signature: Uint8Array): Promise<boolean> {
  try {
    return await crypto.subtle.verify(key.params, key.key, signature as BufferSource, utf8.encode(input));
  } catch {
    return false;
  }
}

/** AES-256-GCM key for sealed opaque tokens (sealed.ts), through WebCrypto. */
export type SealKey = CryptoKey;

export async function importSealKey(raw: Uint8Array): Promise<SealKey> {
  return crypto.subtle.importKey('raw', new Uint8Array(raw), 'AES-GCM', false, ['encrypt', 'decrypt']);
}

/** iv (12 bytes) || ciphertext || tag (16 bytes). */
export async function sealBytes(key: SealKey, plain: Uint8Array): Promise<Uint8Array> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new Uint8Array(plain)));
  const out = new Uint8Array(12 + sealed.byteLength);
  out.set(iv, 0);
  out.set(sealed, 12);
  return out;
}

/** The plaintext, or undefined when the tag does not verify. */
export async function openBytes(key: SealKey, sealed: Uint8Array): Promise<Uint8Array | undefined> {
  if (sealed.byteLength < 12 + 16) return undefined;
  try {
    return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: new Uint8Array(sealed.subarray(0, 12)) }, key, new Uint8Array(sealed.subarray(12))));
  } catch {
    return undefined;
  }
}
