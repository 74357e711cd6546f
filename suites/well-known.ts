// Where metadata lives and how a challenge reads: pure functions of URLs and headers, shared by the
// checks and by discovery from a URL (which runs in the CLI, without Playwright).
import type { SuiteTarget } from './target.ts';

/** RFC 8414 §3.1: https://host/.well-known/oauth-authorization-server/path for issuer https://host/path. */
export function oauthMetadataUrl(issuer: string): string {
  const u = new URL(issuer);
  const path = u.pathname === '/' ? '' : u.pathname.replace(/\/$/, '');
  return `${u.origin}/.well-known/oauth-authorization-server${path}`;
}

/** OpenID Connect Discovery 1.0 §4.1: the issuer with /.well-known/openid-configuration appended. */
export function openidConfigurationUrl(issuer: string): string {
  return `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
}

/** Discovery 1.0 §4.1: the configuration lives under the issuer, unless the profile names its path. */
export function discoveryUrl(t: Pick<SuiteTarget, 'baseUrl' | 'issuer' | 'profile'>): string {
  const d = t.profile.endpoints.discovery;
  return d ? `${t.baseUrl}${t.profile.basePath}${d.path}` : openidConfigurationUrl(t.issuer);
}

/** RFC 9728 §3.1: the well-known segment goes between the host and the identifier's path. */
export function metadataUrlFor(resource: string): string {
  const u = new URL(resource);
  return `${u.origin}/.well-known/oauth-protected-resource${u.pathname === '/' ? '' : u.pathname}`;
}

/**
 * The challenge a bearer-token check reads: the Bearer one among the header's challenges (RFC 9110
 * §11 grammar), else the first. A header that does not parse is judged by http.401-challenge; here
 * it is read leniently (scheme, then name=value pairs), so one fault fails one check.
 */
export function parseChallenge(header: string | undefined | null): { scheme: string; params: Record<string, string> } | undefined {
  if (!header) return undefined;
  const parsed = parseChallenges(header);
  if ('challenges' in parsed) {
    const c = parsed.challenges.find((x) => x.scheme === 'bearer') ?? parsed.challenges[0]!;
    return { scheme: c.scheme, params: c.params };
  }
  const m = /^\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*(.*)$/.exec(header);
  if (!m) return undefined;
  const params: Record<string, string> = {};
  const re = /([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^,\s]+)\s*,?\s*/g;
  let p: RegExpExecArray | null;
  while ((p = re.exec(m[2]!))) params[p[1]!.toLowerCase()] = p[2]!.startsWith('"') ? p[2]!.slice(1, -1).replace(/\\(.)/g, '$1') : p[2]!;
  return { scheme: m[1]!.toLowerCase(), params };
}

export interface Challenge {
  /** Lower-cased: schemes are case-insensitive (RFC 9110 §11.1). */
  scheme: string;
  /** Parameter names lower-cased; quoted-string values unescaped. */
  params: Record<string, string>;
  token68?: string;
}

const tchar = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/;
const token68 = /^[A-Za-z0-9\-._~+/]+=*/;

/**
 * Every challenge of a WWW-Authenticate value by RFC 9110 §11's grammar, or where it stops parsing:
 *   challenge  = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
 *   auth-param = token BWS "=" BWS ( token / quoted-string )
 * A comma separates both challenges and parameters; a token followed by "=" is a parameter, any
 * other token starts the next challenge.
 */
export function parseChallenges(header: string): { challenges: Challenge[] } | { error: string } {
  const s = header;
  let i = 0;
  const ws = () => {
    while (s[i] === ' ' || s[i] === '\t') i++;
  };
  const take = (re: RegExp): string | undefined => {
    const m = re.exec(s.slice(i));
    if (!m) return undefined;
    i += m[0].length;
    return m[0];
  };
  const quoted = (): string | undefined => {
    if (s[i] !== '"') return undefined;
    let out = '';
    for (let j = i + 1; j < s.length; j++) {
      const ch = s[j]!;
      if (ch === '"') {
        i = j + 1;
        return out;
      }
      if (ch === '\\') {
        j++;
        if (j >= s.length) return undefined;
        out += s[j];
      } else if (ch < ' ' && ch !== '\t') return undefined;
      else out += ch;
    }
    return undefined;
  };
  // Whether a parameter (token BWS "=") starts here: a following "=" that is not token68 padding at the end of a value.
  const paramAhead = (): boolean => {
    const m = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)[ \t]*=/.exec(s.slice(i));
    return Boolean(m) && !/^[ \t]*(,|$)/.test(s.slice(i + m![0].length).replace(/^=+/, ''));
  };
  const at = () => (i < s.length ? `at character ${i + 1} ("${s.slice(i, i + 20)}")` : 'at the end');
  const challenges: Challenge[] = [];
  for (;;) {
    ws();
    while (s[i] === ',') {
      i++;
      ws();
    }
    if (i >= s.length) break;
    const scheme = take(tchar);
    if (!scheme) return { error: `expected an auth-scheme ${at()}` };
    const c: Challenge = { scheme: scheme.toLowerCase(), params: {} };
    challenges.push(c);
    if (i >= s.length || s[i] === ',') continue;
    if (s[i] !== ' ') return { error: `expected a space after the scheme ${scheme} ${at()}` };
    ws();
    if (i >= s.length) break;
    if (!paramAhead()) {
      const t = take(token68);
      if (t === undefined) return { error: `expected a token68 or auth-params after ${scheme} ${at()}` };
      c.token68 = t;
      ws();
      if (i < s.length && s[i] !== ',') return { error: `unexpected text after the token68 of ${scheme} ${at()}` };
      continue;
    }
    for (;;) {
      const name = take(tchar)!;
      ws();
      i++; // "="
      ws();
      const value = s[i] === '"' ? quoted() : take(tchar);
      if (value === undefined) return { error: `the value of ${name} is neither a token nor a quoted-string ${at()}` };
      c.params[name.toLowerCase()] = value;
      ws();
      if (i >= s.length) break;
      if (s[i] !== ',') return { error: `expected "," after ${name}=${value.slice(0, 30)} ${at()} (a value with spaces must be quoted)` };
      while (s[i] === ',' || s[i] === ' ' || s[i] === '\t') i++;
      if (i >= s.length || !paramAhead()) break;
    }
  }
  return challenges.length ? { challenges } : { error: 'no challenge in the header' };
}
