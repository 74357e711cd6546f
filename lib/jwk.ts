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
