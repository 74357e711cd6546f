// RFC 7518 §3: the JWS algorithms with an asymmetric signature (never none, never a MAC): what a client
// assertion, an issuer's assertion or a DPoP proof may be signed with.
export const asymmetricAlgs = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;

// JWK members by what they reveal (RFC 7518 §6): the private and symmetric ones a public key never carries.
export const privateJwkMembers = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

/** Whether a JWK carries private or symmetric key material. */
export function hasPrivateMembers(jwk: object): boolean {
  return privateJwkMembers.some((m) => m in jwk);
}

/** The public half of a JWK: the same key without its private members. */
export function publicJwk<T extends object>(jwk: T): Omit<T, (typeof privateJwkMembers)[number]> {
  const out = { ...jwk } as Record<string, unknown>;
  for (const m of privateJwkMembers) delete out[m];
  return out as Omit<T, (typeof privateJwkMembers)[number]>;
}

// RFC 7638 §3.2: the members a thumbprint covers, per key type, in lexicographic order.
const thumbprintMembers: Record<string, readonly string[]> = { EC: ['crv', 'kty', 'x', 'y'], RSA: ['e', 'kty', 'n'], OKP: ['crv', 'kty', 'x'] };

/**
 * RFC 7638 §3: the JSON of the key's required members, no whitespace, members sorted; hashed by the
 * caller (SHA-256, RFC 9449 §6.1). Undefined for a key type or a member it cannot be computed over.
 */
export function thumbprintInput(jwk: Record<string, unknown>): string | undefined {
  const members = thumbprintMembers[String(jwk.kty)];
  if (!members || !members.every((m) => typeof jwk[m] === 'string')) return undefined;
  return JSON.stringify(Object.fromEntries(members.map((m) => [m, jwk[m]])));
}
