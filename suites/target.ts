// What a check talks to. Built from a target file (a real server) or from the built-in mock; a check
// sees only this shape. Capabilities only the mock has (moving its clock) are optional.
import { dirname } from 'node:path';
import { loadProfile } from '../lib/profiles.ts';
import type { ResolvedProfile } from '../lib/resolved-profile.ts';
import { loadTarget } from '../lib/targets.ts';
import type { Client, Target } from '../generated/types/index.ts';
import { isDefectName, startMockServer } from '../mock-server/index.ts';
import type { RunSpec } from './run-spec.ts';

export interface Credentials {
  clientId?: string;
  clientSecret?: string;
  limitedClientId?: string;
  limitedClientSecret?: string;
  apiKey?: string;
  username?: string;
  password?: string;
  /** RFC 7523: an issuer the server trusts, the subject to assert, and its private JWK (JSON text). */
  assertionIssuer?: string;
  assertionSubject?: string;
  assertionKey?: string;
  /** RFC 7523 §2.2: a client that authenticates with private_key_jwt, and its private JWK (JSON text). */
  jwtClientId?: string;
  jwtClientKey?: string;
}

export interface SuiteTarget {
  name: string;
  profile: ResolvedProfile;
  builtInMock: boolean;
  baseUrl: string;
  resourceBaseUrl: string;
  /** The issuer tokens and metadata should name: baseUrl plus the profile's basePath. */
  issuer: string;
  credentials: Credentials;
  redirectUri?: string;
  /** A post_logout_redirect_uri registered for the client (RP-Initiated Logout). */
  postLogoutRedirectUri?: string;
  /** Another resource the authorization server mints tokens for (RFC 8707 audience checks). */
  otherResource?: string;
  expiredAccessToken?: string;
  /** Selectors of the target's own login and consent pages; a foreign target without them has none (never the mock's). */
  login: NonNullable<Target['login']> | undefined;
  /** Scope per grant the target asks the suites to request (overrides the profile's `requestScope`). */
  requestScope?: Target['requestScope'];
  /** Moves the server's clock (the built-in mock only). */
  advanceClock?: (seconds: number) => Promise<void>;
  /** The built-in mock's defect switches read since the last call (one check at a time runs per worker). */
  takeDefectReads?: () => string[];
  close(): Promise<void>;
}

export async function openTarget(run: RunSpec): Promise<SuiteTarget> {
  if (run.target) {
    const t = loadTarget(run.target);
    const baseUrl = t.target.baseUrl!.replace(/\/$/, '');
    return {
      name: t.target.name ?? run.name,
      profile: t.profile,
      builtInMock: false,
      baseUrl,
      resourceBaseUrl: (t.target.resourceBaseUrl ?? baseUrl).replace(/\/$/, ''),
      issuer: t.target.issuer ?? baseUrl + t.profile.basePath,
      credentials: t.credentials,
      ...(t.target.redirectUri ? { redirectUri: t.target.redirectUri } : {}),
      ...(t.target.postLogoutRedirectUri ? { postLogoutRedirectUri: t.target.postLogoutRedirectUri } : {}),
      ...(t.target.otherResource ? { otherResource: t.target.otherResource } : {}),
      ...(t.expiredAccessToken ? { expiredAccessToken: t.expiredAccessToken } : {}),
      // The built-in mock's selectors say nothing about another server's pages (RFC 6749 §4.1.1 leaves
      // the login to the server), so a target that names none has none.
      login: t.target.login,
      ...(t.target.requestScope ? { requestScope: t.target.requestScope } : {}),
      close: async () => undefined,
    };
  }
  const profile = loadProfile(run.profile ?? 'oauth21', run.profile?.includes('/') ? dirname(run.profile) : undefined);
  const defects = (run.defects ?? []).filter(isDefectName);
  // Only the defect matrix's clean runs ask which defect switches each check's requests read.
  const reads = process.env.OAUTH_CONFORMANCE_DEFECT_READS ? new Set<string>() : undefined;
  const mock = await startMockServer({ profile, port: 0, defects, ...(reads ? { onDefectRead: (d: string) => reads.add(d) } : {}) });
  const { clients, users, apiKeys } = mock.engine.demo;
  const full = clients.find((c) => !c.grants && c.clientSecret) ?? clients.find((c) => c.clientSecret);
  const limited = clients.find((c) => c.grants && c.clientSecret && c !== full);
  const creds: Credentials = {
    ...(full ? { clientId: full.clientId, clientSecret: full.clientSecret } : {}),
    ...(limited ? { limitedClientId: limited.clientId, limitedClientSecret: limited.clientSecret } : {}),
    ...(apiKeys[0] ? { apiKey: apiKeys[0].key } : {}),
    ...(users[0] ? { username: users[0].username, password: users[0].password } : {}),
    ...assertionCredentials(profile, clients),
  };
  // A profile whose clients all sign their assertions (fapi2) gives its redirect URI through that client.
  const redirecting = full ?? clients.find((c) => c.privateJwk && c.redirectUris?.length);
  const redirectUri = redirecting?.redirectUris?.[0];
  const postLogoutRedirectUri = full?.postLogoutRedirectUris?.[0];
  return {
    name: `built-in mock (${profile.id})`,
    profile,
    builtInMock: true,
    baseUrl: mock.url,
    resourceBaseUrl: mock.url,
    issuer: mock.url + profile.basePath,
    credentials: creds,
    ...(redirectUri ? { redirectUri } : {}),
    ...(postLogoutRedirectUri ? { postLogoutRedirectUri } : {}),
    login: defaultLogin(profile),
    advanceClock: async (s) => mock.admin.advanceClock(s),
    ...(reads
      ? {
          takeDefectReads: () => {
            const r = [...reads];
            reads.clear();
            return r;
          },
        }
      : {}),
    close: () => mock.close(),
  };
}

/**
 * The built-in profile's demo assertion issuer (mock.assertionKeys) and the demo client that signs
 * its client assertions (its key from the profile, or made by the mock at start), as a user would give theirs.
 */
function assertionCredentials(p: ResolvedProfile, clients: readonly Client[]): Credentials {
  const k = p.mock.assertionKeys?.[0];
  const signer = clients.find((c) => c.privateJwk && (!c.grants || c.grants.includes('client_credentials')));
  return {
    ...(k ? { assertionIssuer: k.issuer, assertionSubject: k.subject, assertionKey: JSON.stringify(k.privateJwk) } : {}),
    ...(signer ? { jwtClientId: signer.clientId, jwtClientKey: JSON.stringify(signer.privateJwk) } : {}),
  };
}

/** Selectors of the built-in mock's login page for a profile (its field names come from the profile). */
function defaultLogin(p: ResolvedProfile): NonNullable<Target['login']> {
  const l = p.mock.loginPage ?? {};
  return {
    usernameSelector: `#${l.usernameField ?? 'username'}`,
    passwordSelector: `#${l.passwordField ?? 'password'}`,
    submitSelector: 'button[type=submit]',
    consentSelector: 'button[value=allow]',
    denySelector: 'button[value=deny]',
    userCodeSelector: '#user_code',
  };
}
