// Signing keys: generated at start, or imported from a JWK so several mock instances share them
// (keys-file.ts reads one from a file on Node).
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK, type CryptoKey } from 'jose';
import { publicJwk } from '../../../lib/jwk.ts';
import { ConfigError } from '../../../lib/config-error.ts';

import { signingAlgs, type SigningAlg, type SigningKey } from '../../../lib/signing-key.ts';

export { signingAlgs, type SigningAlg, type SigningKey };

export async function generateSigningKey(alg: SigningAlg): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true, ...(alg === 'EdDSA' ? { crv: 'Ed25519' } : {}) });
  return fromPair(alg, privateKey, publicKey);
}

/** A demo client's key pair (the profile's `demoKey`): its private JWK, with kid, alg and use. */
export async function generateClientJwk(alg: 'ES256' | 'PS256' | 'EdDSA'): Promise<Record<string, unknown>> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true, ...(alg === 'EdDSA' ? { crv: 'Ed25519' } : {}) });
  const kid = await calculateJwkThumbprint(await exportJWK(publicKey));
  return { ...(await exportJWK(privateKey)), kid, alg, use: 'sig' };
}

async function fromPair(alg: SigningAlg, privateKey: CryptoKey, publicKey: CryptoKey, kid?: string): Promise<SigningKey> {
  const jwk = await exportJWK(publicKey);
  const id = kid ?? (await calculateJwkThumbprint(jwk));
  return { alg, kid: id, privateKey, publicKey, publicJwk: { ...jwk, kid: id, alg, use: 'sig' } };
}

/** A private JWK, or a JWKS whose first key is private. `alg` comes from the key, else from `fallbackAlg`.
 * `source` names where the document came from in errors. */
export async function importSigningKey(doc: unknown, source: string, fallbackAlg?: SigningAlg): Promise<SigningKey> {
  const fail = (expected: string, found: string): never => {
    throw new ConfigError([{ file: source, pointer: '/', expected, found }]);
  };
  const jwk = (doc && typeof doc === 'object' && 'keys' in doc ? (doc as { keys: unknown[] }).keys[0] : doc) as JWK | undefined;
  if (!jwk || typeof jwk !== 'object') return fail('a JWK or a JWKS with one key', 'nothing usable');
  if (!jwk.d) return fail('a private key (with "d")', 'a public key');
  const alg = (jwk.alg ?? fallbackAlg ?? defaultAlgFor(jwk)) as SigningAlg;
  if (!signingAlgs.includes(alg)) return fail(`alg one of ${signingAlgs.join(', ')}`, String(alg));
  try {
    const privateKey = (await importJWK({ ...jwk, alg }, alg, { extractable: true })) as CryptoKey;
    const publicKey = (await importJWK({ ...publicJwk(jwk), alg }, alg)) as CryptoKey;
    return await fromPair(alg, privateKey, publicKey, jwk.kid);
  } catch (e) {
    return fail(`a key usable with ${alg}`, (e as Error).message);
  }
}

function defaultAlgFor(jwk: JWK): SigningAlg | undefined {
  if (jwk.kty === 'RSA') return 'RS256';
  if (jwk.kty === 'EC' && jwk.crv === 'P-256') return 'ES256';
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') return 'EdDSA';
  return undefined;
}

/** The private half as a JWK, for `--keys` files written by the admin surface or tests. */
export async function exportPrivateJwk(key: SigningKey): Promise<JWK> {
  return { ...(await exportJWK(key.privateKey)), kid: key.kid, alg: key.alg, use: 'sig' };
}
