// Node's side of the few primitives that differ between Node and the browser (see browser.ts, and
// package.json "imports" #platform). Node's native crypto is kept here because it is several times
// faster than the portable code on the mock's hot paths (bench/).
import { KeyObject, constants, createCipheriv, createDecipheriv, createPublicKey, hash, createSecretKey, randomBytes, sign, timingSafeEqual, verify, type SignKeyObjectInput } from 'node:crypto';
import type { SigningKey } from '../signing-key.ts';

export const platformName = 'node';

// node:crypto's one-shot hash: no Hash object per call (here 1.3 µs against 2.1 µs for a short secret).
export function sha256(text: string): Uint8Array {
  return hash('sha256', text, 'buffer');
}

export function sha256Base64url(text: string): string {
  return hash('sha256', text, 'base64url');
}

export function base64url(data: Uint8Array | string): string {
  return (typeof data === 'string' ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength)).toString('base64url');
}

/** Bytes of standard, padded base64 text that the caller has already checked. */
export function base64Bytes(standard: string): Uint8Array {
  return Buffer.from(standard, 'base64');
}

// Random bytes are drawn 4 KiB at a time and handed out in slices, as node:crypto's randomUUID does:
// one CSPRNG call per ~128 tokens instead of one each (a token's bytes are never handed out twice).
const poolSize = 4096;
let pool = Buffer.alloc(0);
let poolOffset = 0;

/** `bytes` random bytes (CSPRNG), base64url. */
export function randomBase64url(bytes: number): string {
  if (bytes > poolSize / 4) return randomBytes(bytes).toString('base64url');
  if (poolOffset + bytes > pool.length) {
    pool = randomBytes(poolSize);
    poolOffset = 0;
  }
  const s = pool.toString('base64url', poolOffset, poolOffset + bytes);
  poolOffset += bytes;
  return s;
}

/** Equal-length inputs compared in time independent of where they differ. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

const keyObjects = new WeakMap<SigningKey, SignKeyObjectInput | KeyObject>();

function signingInput(key: SigningKey): SignKeyObjectInput | KeyObject {
  let k = keyObjects.get(key);
  if (!k) {
    const ko = KeyObject.from(key.privateKey);
    k = key.alg === 'ES256' ? { key: ko, dsaEncoding: 'ieee-p1363' } : key.alg === 'PS256' ? { key: ko, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 } : ko;
    keyObjects.set(key, k);
  }
  return k;
}

/** The JWS signature (base64url) over `input`. node:crypto's asynchronous sign runs in libuv's
 * thread pool, so both cores sign at once: ~3x WebCrypto for ES256 here. */
export function signJwsInput(key: SigningKey, input: string): Promise<string> {
  return new Promise((resolve, reject) => {
    sign(key.alg === 'EdDSA' ? null : 'sha256', Buffer.from(input), signingInput(key), (err, sig) => (err ? reject(err) : resolve(sig.toString('base64url'))));
  });
}

/** A public key to verify JWS signatures of one `alg` with (RFC 7518 §3), imported once by the caller. */
export interface VerifyKey {
  alg: string;
  input: KeyObject | { key: KeyObject; dsaEncoding: 'ieee-p1363' } | { key: KeyObject; padding: number; saltLength: number };
}

const hashOf = (alg: string) => (alg.endsWith('384') ? 'sha384' : alg.endsWith('512') ? 'sha512' : 'sha256');

/** The key a public JWK holds, for `alg`; undefined where the JWK is not a key of that algorithm's kind. */
export async function importVerifyKey(jwk: Record<string, unknown>, alg: string): Promise<VerifyKey | undefined> {
  const kind = alg.startsWith('ES') ? 'EC' : alg === 'EdDSA' ? 'OKP' : 'RSA';
  const curve = { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521', EdDSA: 'Ed25519' }[alg];
  if (jwk.kty !== kind || (curve && jwk.crv !== curve)) return undefined;
  try {
    const key = createPublicKey({ key: jwk as never, format: 'jwk' });
    if (key.type !== 'public') return undefined;
    if (kind === 'EC') return { alg, input: { key, dsaEncoding: 'ieee-p1363' } };
    if (alg.startsWith('PS')) return { alg, input: { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: Number(alg.slice(2)) / 8 } };
    return { alg, input: key };
  } catch {
    return undefined;
  }
}

/** Whether `signature` is the JWS signature of `input` by `key`; node:crypto in libuv's pool, as signing is. */
export function verifyJwsInput(key: VerifyKey, input: string, signature: Uint8Array): Promise<boolean> {
  return new Promise((resolve) => {
    verify(key.alg === 'EdDSA' ? null : hashOf(key.alg), Buffer.from(input), key.input, signature, (err, ok) => resolve(!err && ok));
  });
}

/** AES-256-GCM key for sealed opaque tokens (sealed.ts): node:crypto, synchronous and several times
 * faster than WebCrypto's round trip per token. */
export type SealKey = KeyObject;

export async function importSealKey(raw: Uint8Array): Promise<SealKey> {
  return createSecretKey(raw);
}

/** iv (12 bytes) || ciphertext || tag (16 bytes). */
export async function sealBytes(key: SealKey, plain: Uint8Array): Promise<Uint8Array> {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  return Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
}

/** The plaintext, or undefined when the tag does not verify. */
export async function openBytes(key: SealKey, sealed: Uint8Array): Promise<Uint8Array | undefined> {
  if (sealed.byteLength < 12 + 16) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
    decipher.setAuthTag(sealed.subarray(sealed.byteLength - 16));
    return Buffer.concat([decipher.update(sealed.subarray(12, sealed.byteLength - 16)), decipher.final()]);
  } catch {
    return undefined;
  }
}
