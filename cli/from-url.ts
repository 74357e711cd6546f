// `check URL` and `init URL`: discover what the server publishes, draft a profile and a target from it
// and the flags, and say what was found, what is a default, and what could not be discovered.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { discover, type Discovery } from '../suites/discovery/discover.ts';
import { draftProfile, nameFor, type Draft, type DraftInputs } from '../suites/discovery/draft.ts';
import { UsageError } from './usage-error.ts';

/** Flags that stand in for what a server does not publish, and the credentials to check it with. */
export const urlFlags = {
  'client-id': { type: 'string' },
  'client-secret-env': { type: 'string' },
  username: { type: 'string' },
  'password-env': { type: 'string' },
  'api-key-env': { type: 'string' },
  'jwt-client-id': { type: 'string' },
  'jwt-client-key-env': { type: 'string' },
  'redirect-uri': { type: 'string' },
  'post-logout-redirect-uri': { type: 'string' },
  scope: { type: 'string' },
  'scopes-supported': { type: 'string' },
  resource: { type: 'string' },
  grant: { type: 'string', multiple: true },
  'token-endpoint': { type: 'string' },
  'authorization-endpoint': { type: 'string' },
  'revocation-endpoint': { type: 'string' },
  'introspection-endpoint': { type: 'string' },
} as const;

export const urlFlagsHelp = `  from a URL (an issuer, a metadata URL, or a protected resource or MCP endpoint):
  --client-id ID            a client registered at the server
  --client-secret-env NAME  the environment variable holding its secret (never the secret itself)
  --username NAME, --password-env NAME   a user to log in with (password from the environment)
  --api-key-env NAME        an API key, from the environment
  --jwt-client-id ID, --jwt-client-key-env NAME   a client that authenticates with private_key_jwt, and
                            the environment variable holding its private key (a JWK as JSON)
  --redirect-uri URL        a redirect URI registered for the client (code flow checks)
  --post-logout-redirect-uri URL   one registered for the client (OpenID logout checks)
  --scope SCOPE             the scope to request (e.g. "openid profile")
  --scopes-supported "A B"  the scopes the server knows, where it publishes no scopes_supported
  --resource URL            a protected API route that takes the server's tokens
  --grant TYPE              a grant to check where the server publishes none (repeatable)
  --token-endpoint PATH, --authorization-endpoint PATH, --revocation-endpoint PATH,
  --introspection-endpoint PATH   endpoints the server does not publish (a path or a URL)
`;

type UrlValues = { [K in keyof typeof urlFlags]?: (typeof urlFlags)[K] extends { multiple: true } ? string[] : string };

const envName = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The flags that name an environment variable holding a secret (never the secret itself). */
const secretEnvFlags = ['client-secret-env', 'password-env', 'api-key-env', 'jwt-client-key-env'] as const;

export function inputsFrom(v: UrlValues): DraftInputs {
  for (const k of secretEnvFlags) {
    const name = v[k];
    if (name !== undefined && !envName.test(name)) throw new UsageError(`--${k} takes the name of an environment variable (never the secret itself), got "${name.slice(0, 3)}…"`);
  }
  for (const k of ['redirect-uri', 'post-logout-redirect-uri', 'resource'] as const) {
    const u = v[k];
    if (u !== undefined && !/^https?:\/\//.test(u)) throw new UsageError(`--${k} takes an http(s) URL, got "${u}"`);
  }
  const endpoints = Object.fromEntries(
    (
      [
        ['token', v['token-endpoint']],
        ['authorize', v['authorization-endpoint']],
        ['revoke', v['revocation-endpoint']],
        ['introspect', v['introspection-endpoint']],
      ] as const
    ).filter(([, x]) => x !== undefined),
  ) as DraftInputs['endpoints'];
  return {
    ...(v['client-id'] ? { clientId: v['client-id'] } : {}),
    ...(v['client-secret-env'] ? { clientSecretEnv: v['client-secret-env'] } : {}),
    ...(v.username ? { username: v.username } : {}),
    ...(v['password-env'] ? { passwordEnv: v['password-env'] } : {}),
    ...(v['api-key-env'] ? { apiKeyEnv: v['api-key-env'] } : {}),
    ...(v['jwt-client-id'] ? { jwtClientId: v['jwt-client-id'] } : {}),
    ...(v['jwt-client-key-env'] ? { jwtClientKeyEnv: v['jwt-client-key-env'] } : {}),
    ...(v['redirect-uri'] ? { redirectUri: v['redirect-uri'] } : {}),
    ...(v['post-logout-redirect-uri'] ? { postLogoutRedirectUri: v['post-logout-redirect-uri'] } : {}),
    ...(v.scope ? { scope: v.scope } : {}),
    ...(v['scopes-supported'] ? { scopesSupported: v['scopes-supported'].split(/\s+/).filter(Boolean) } : {}),
    ...(v.resource ? { resource: v.resource } : {}),
    ...(v.grant?.length ? { grants: v.grant } : {}),
    ...(endpoints && Object.keys(endpoints).length ? { endpoints } : {}),
  };
}

/**
 * `check URL` reads the secrets now, so a variable the user named but did not set is their flag's error
 * (`init URL` only writes the names down: they may be set later).
 */
export function requireSetEnv(v: UrlValues): void {
  for (const k of secretEnvFlags) {
    const name = v[k];
    if (name !== undefined && !process.env[name]) throw new UsageError(`--${k} ${name}: the environment variable ${name} is not set (or empty) in this shell; set it, then run again`);
  }
}

export function parseUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new UsageError(`"${raw}" is not a URL (give an issuer, a metadata URL, or a protected resource URL)`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new UsageError(`"${raw}" is not an http(s) URL`);
  return u.href.replace(/\/$/, '');
}

/** Discovery and the draft, with the lines that tell the user what was found. */
export async function draftFromUrl(url: string, inputs: DraftInputs, out: (l: string) => void): Promise<{ discovery: Discovery; draft: Draft; name: string }> {
  const discovery = await discover(url);
  const name = nameFor(discovery.issuer);
  const draft = draftProfile(discovery, inputs, name);
  const found = [discovery.oauthMetadataUrl && `RFC 8414 metadata ${discovery.oauthMetadataUrl}`, discovery.openidConfigurationUrl && `OpenID configuration ${discovery.openidConfigurationUrl}`, discovery.resource && `protected resource ${discovery.resource.url}${discovery.resource.metadataUrl ? ` (RFC 9728 metadata ${discovery.resource.metadataUrl})` : ''}`].filter(Boolean);
  out(`discovered ${url}: ${found.length ? found.join('; ') : 'nothing published'}`);
  out(`  issuer ${discovery.issuer}; endpoints: ${Object.keys(draft.profile.endpoints ?? {}).join(', ') || 'none'}; grants: ${(draft.profile.grants ?? []).map((g) => g.type).join(', ') || 'none'}`);
  for (const n of draft.notes) out(`  ${n}`);
  if (!found.length) {
    out('  asked, and what came back:');
    for (const t of discovery.tried) out(`    ${t.url}: ${t.outcome}`);
  }
  return { discovery, draft, name };
}

/** Whether the draft has anything to check a server with. */
export function draftUsable(d: Draft): string | undefined {
  if (!d.profile.grants?.length || !d.profile.endpoints?.token) return 'no token endpoint and grant could be discovered: give --token-endpoint PATH and --grant TYPE (client_credentials, password, authorization_code with --authorization-endpoint)';
  return undefined;
}

/** Writes the draft's two files into `dir`; never replaces a file. */
export function writeDraft(dir: string, name: string, d: Draft): { profile: string; target: string } {
  const profile = join(dir, `${name}.profile.json`);
  const target = join(dir, `${name}.target.json`);
  for (const f of [profile, target]) if (existsSync(f)) throw new UsageError(`${f} exists; a drafted file never replaces one (choose another --out)`);
  try {
    writeFileSync(profile, `${JSON.stringify(d.profile, null, 2)}\n`, { flag: 'wx' });
  } catch (e) {
    throw new UsageError(`${profile}: ${(e as NodeJS.ErrnoException).code === 'EEXIST' ? 'exists; a drafted file never replaces one (choose another --out)' : (e as Error).message}`);
  }
  try {
    writeFileSync(target, `${JSON.stringify(d.target, null, 2)}\n`, { flag: 'wx' });
  } catch (e) {
    throw new UsageError(`${target}: ${(e as NodeJS.ErrnoException).code === 'EEXIST' ? 'exists; a drafted file never replaces one (choose another --out)' : (e as Error).message}`);
  }
  return { profile, target };
}
