/* Generated from schemas/ by `npm run types`. Do not edit by hand. */
export type * from './profile.ts';
export type * from './target.ts';
export type * from './token-response.ts';
export type * from './token-error.ts';
export type * from './oauth-error.ts';
export type * from './problem.ts';
export type * from './api-video-token-response.ts';
export type * from './jwt-access-token.ts';
export type * from './shield-jwt-claims.ts';
export type * from './introspection.ts';
export type * from './metadata.ts';
export type * from './jwks.ts';
export type * from './report.ts';
export type * from './fault-rule.ts';
export type * from './mint-request.ts';
export type * from './check.ts';
export type { FamilyOrigin, Until, FamilyRevocation, StateFile, Family, RevokedToken, RevokedFamily, Login, StoredUser } from './state-file.ts';
