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

/** `grant_type` on the wire: RFC 6749's names as they are, RFC 8628's as its URN (§3.4). */
export function grantTypeOnWire(type: GrantType): string {
  return type === 'device_code' ? 'urn:ietf:params:oauth:grant-type:device_code' : type;
}

export interface ResolvedProfile
  extends Omit<Defined<Profile, 'basePath' | 'endpoints' | 'clientAuth' | 'scopes' | 'tokenResponse' | 'bearer' | 'resources' | 'tokenFree' | 'errors' | 'documents' | 'rules' | 'undocumented'>, 'deviceAuthorization'> {
  deviceAuthorization?: ResolvedDevice;
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
  const { deviceAuthorization: d, ...rest } = p;
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
