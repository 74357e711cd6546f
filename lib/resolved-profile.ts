// A profile after `extends` and defaults: every optional knob has its value, so the engine and the
// suites never guess a default twice.
import type { AccessToken, FieldNames, Grant, Profile, RefreshToken } from '../generated/types/index.ts';

export type GrantType = Grant['type'];
export type EndpointName = NonNullable<Grant['endpoint']>;

export interface ResolvedGrant extends Grant {
  endpoint: EndpointName;
  encoding: 'form' | 'json';
  grantTypeParameter: boolean;
  fields: Required<FieldNames>;
  issuesRefreshToken: boolean;
}

type Defined<T, K extends keyof T> = T & { [P in K]-?: NonNullable<T[P]> };

/** RFC 8628 settings with their defaults (§3.2 interval 5 s; §6.1 eight base-20 consonants). */
export interface ResolvedDevice extends NonNullable<Profile['deviceAuthorization']> {
  verificationPath: string;
  verificationUriComplete: boolean;
  userCode: { charset: string; length: number };
  interval: number;
  lifetime: number;
}

/** RFC 8693 §3 token type identifiers. */
export const tokenTypes = {
  access_token: 'urn:ietf:params:oauth:token-type:access_token',
  id_token: 'urn:ietf:params:oauth:token-type:id_token',
  jwt: 'urn:ietf:params:oauth:token-type:jwt',
} as const;
export type TokenTypeUri = (typeof tokenTypes)[keyof typeof tokenTypes];

/** RFC 8693 settings with their defaults: the mock's own access tokens and JWTs, as subject and as actor. */
export interface ResolvedTokenExchange {
  subjectTokenTypes: TokenTypeUri[];
  actorTokenTypes: TokenTypeUri[];
  audiences: string[];
  source?: NonNullable<Profile['tokenExchange']>['source'];
}

const wireNames: Partial<Record<GrantType, string>> = {
  device_code: 'urn:ietf:params:oauth:grant-type:device_code',
  token_exchange: 'urn:ietf:params:oauth:grant-type:token-exchange',
  jwt_bearer: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
};

/** RFC 7523 §2.1 settings with their defaults: assertions live at most 5 minutes and carry a jti used once. */
export interface ResolvedJwtBearer {
  issuers: NonNullable<NonNullable<Profile['jwtBearer']>['issuers']>;
  maxLifetime: number;
  requireJti: boolean;
  source?: NonNullable<Profile['jwtBearer']>['source'];
}

/** RFC 9449 settings with their defaults: proofs live two minutes, no server nonce, Bearer still taken unless DPoP is required. */
export interface ResolvedDpop {
  algs: string[];
  nonce: boolean;
  maxAge: number;
  required: boolean;
  bearer: boolean;
  source?: NonNullable<Profile['dpop']>['source'];
}

/** RFC 9126 settings with their defaults: optional, a request_uri lives a minute. */
export interface ResolvedPar {
  required: boolean;
  requestUriLifetime: number;
  source?: NonNullable<Profile['par']>['source'];
}

/** `grant_type` on the wire: RFC 6749's names as they are, the extension grants' as their URNs (RFC 8628 §3.4, RFC 8693 §2.1, RFC 7523 §2.1). */
export function grantTypeOnWire(type: GrantType): string {
  return wireNames[type] ?? type;
}

export interface ResolvedProfile
  extends Omit<Defined<Profile, 'basePath' | 'endpoints' | 'clientAuth' | 'scopes' | 'tokenResponse' | 'bearer' | 'resources' | 'tokenFree' | 'errors' | 'documents' | 'rules' | 'undocumented'>, 'deviceAuthorization' | 'tokenExchange' | 'jwtBearer' | 'dpop' | 'par'> {
  deviceAuthorization?: ResolvedDevice;
  /** Present where the profile has a token_exchange grant (or the block: profile-rules.ts asks for the grant). */
  tokenExchange?: ResolvedTokenExchange;
  /** Present where the profile has a jwt_bearer grant (or the block). */
  jwtBearer?: ResolvedJwtBearer;
  /** Present where the profile has the block. */
  dpop?: ResolvedDpop;
  /** Present where the profile has the PAR endpoint (or the block: profile-rules.ts asks for the endpoint). */
  par?: ResolvedPar;
  grants: ResolvedGrant[];
  accessToken: AccessToken;
  refreshToken: RefreshToken & { lifetime: number | null; format: NonNullable<RefreshToken['format']>; invalidatedBy: NonNullable<RefreshToken['invalidatedBy']> };
  mock: Defined<NonNullable<Profile['mock']>, 'clients' | 'users' | 'apiKeys'>;
  /** Where the profile was read from (a built-in id's file, or the user's file). */
  file: string;
}

export const defaultFields: Required<FieldNames> = {
  clientId: 'client_id',
  clientSecret: 'client_secret',
  apiKey: 'apiKey',
  refreshToken: 'refresh_token',
  username: 'username',
  password: 'password',
  scope: 'scope',
  code: 'code',
  redirectUri: 'redirect_uri',
  codeVerifier: 'code_verifier',
};

export function applyDefaults(p: Profile, file: string): ResolvedProfile {
  const grants: ResolvedGrant[] = (p.grants ?? []).map((g) => ({
    ...g,
    endpoint: g.endpoint ?? (g.type === 'api_key' ? 'apiKey' : 'token'),
    encoding: g.encoding ?? 'form',
    grantTypeParameter: g.grantTypeParameter ?? true,
    fields: { ...defaultFields, ...g.fields },
    issuesRefreshToken: g.issuesRefreshToken ?? false,
  }));
  const rt = p.refreshToken ?? { policy: 'none' };
  const { deviceAuthorization: d, tokenExchange: te, jwtBearer: jb, dpop, par, ...rest } = p;
  const exchanges = te || grants.some((g) => g.type === 'token_exchange');
  return {
    ...rest,
    ...(d
      ? {
          deviceAuthorization: {
            ...d,
            verificationPath: d.verificationPath ?? '/device',
            verificationUriComplete: d.verificationUriComplete ?? true,
            userCode: { charset: d.userCode?.charset ?? 'BCDFGHJKLMNPQRSTVWXZ', length: d.userCode?.length ?? 8 },
            interval: d.interval ?? 5,
            lifetime: d.lifetime ?? 600,
          },
        }
      : {}),
    ...(exchanges
      ? {
          tokenExchange: {
            subjectTokenTypes: te?.subjectTokenTypes ?? [tokenTypes.access_token, tokenTypes.jwt],
            actorTokenTypes: te?.actorTokenTypes ?? [tokenTypes.access_token, tokenTypes.jwt],
            audiences: te?.audiences ?? [],
            ...(te?.source ? { source: te.source } : {}),
          },
        }
      : {}),
    ...(jb || grants.some((g) => g.type === 'jwt_bearer')
      ? { jwtBearer: { issuers: jb?.issuers ?? [], maxLifetime: jb?.maxLifetime ?? 300, requireJti: jb?.requireJti ?? true, ...(jb?.source ? { source: jb.source } : {}) } }
      : {}),
    ...(dpop
      ? { dpop: { algs: dpop.algs ?? ['ES256', 'PS256', 'RS256', 'EdDSA'], nonce: dpop.nonce ?? false, maxAge: dpop.maxAge ?? 120, required: dpop.required ?? false, bearer: dpop.bearer ?? !(dpop.required ?? false), ...(dpop.source ? { source: dpop.source } : {}) } }
      : {}),
    ...(par || p.endpoints?.par ? { par: { required: par?.required ?? false, requestUriLifetime: par?.requestUriLifetime ?? 60, ...(par?.source ? { source: par.source } : {}) } } : {}),
    basePath: p.basePath ?? '',
    documents: p.documents ?? [],
    rules: p.rules ?? [],
    undocumented: p.undocumented ?? [],
    errors: p.errors ?? { format: 'oauth' },
    endpoints: p.endpoints ?? {},
    grants,
    clientAuth: p.clientAuth ?? { methods: ['client_secret_basic', 'client_secret_post'] },
    accessToken: p.accessToken ?? { format: 'opaque', lifetime: 3600 },
    refreshToken: { ...rt, lifetime: rt.lifetime ?? null, format: rt.format ?? 'opaque', invalidatedBy: rt.invalidatedBy ?? [] },
    scopes: p.scopes ?? { supported: [] },
    tokenResponse: { schema: 'rfc6749', pragmaNoCache: false, ...p.tokenResponse },
    bearer: { realm: p.id, queryToken: false, bodyToken: false, ...p.bearer },
    resources: p.resources ?? [],
    tokenFree: p.tokenFree ?? [],
    mock: { clients: [], users: [], apiKeys: [], ...p.mock },
    file,
  };
}
