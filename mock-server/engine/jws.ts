// Compact JWS signing on node:crypto's asynchronous sign, which runs in libuv's thread pool: both
// cores sign at once, ~3x jose's WebCrypto path for ES256 here (bench/). jose still generates and
// imports keys, and verifies every token. The algorithm comes from the key: never `none`.
import { KeyObject, constants, sign, type SignKeyObjectInput } from 'node:crypto';
import type { SigningKey } from './keys.ts';

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

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

export function signJwt(key: SigningKey, header: Record<string, unknown>, payload: Record<string, unknown>): Promise<string> {
  const input = `${b64({ ...header, alg: key.alg, kid: key.kid })}.${b64(payload)}`;
  return new Promise((resolve, reject) => {
    sign(key.alg === 'EdDSA' ? null : 'sha256', Buffer.from(input), signingInput(key), (err, sig) => (err ? reject(err) : resolve(`${input}.${sig.toString('base64url')}`)));
  });
}
