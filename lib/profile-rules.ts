// What a profile must say beyond its schema: the parts have to fit together.
import type { Issue } from './validator.ts';
import type { ResolvedProfile } from './resolved-profile.ts';

export function profileRuleIssues(p: ResolvedProfile): Issue[] {
  const issues: Issue[] = [];
  const add = (pointer: string, expected: string, found: string) => issues.push({ pointer, expected, found });
  const declared = new Set(p.grants.map((g) => g.type));
  const scopes = new Set(p.scopes.supported);

  if (p.grants.length === 0) add('/grants', 'at least one grant', 'none');
  p.grants.forEach((g, i) => {
    if (!p.endpoints[g.endpoint]) add(`/grants/${i}/endpoint`, `endpoint "${g.endpoint}" declared under /endpoints`, `no /endpoints/${g.endpoint}`);
    if (p.grants.findIndex((o) => o.type === g.type) !== i) add(`/grants/${i}/type`, 'each grant type once', `"${g.type}" again`);
    if (g.issuesRefreshToken && !declared.has('refresh_token')) add(`/grants/${i}/issuesRefreshToken`, 'a refresh_token grant to use the refresh token it issues', 'no refresh_token grant');
  });
  if (declared.has('refresh_token') && p.refreshToken.policy === 'none') add('/refreshToken/policy', 'a refresh policy other than "none" for the refresh_token grant', '"none"');
  if (!declared.has('refresh_token') && p.refreshToken.policy !== 'none') add('/refreshToken/policy', '"none" when no refresh_token grant is declared', `"${p.refreshToken.policy}"`);
  if (declared.has('authorization_code') && !p.endpoints.authorize) add('/endpoints/authorize', 'an authorize endpoint for the authorization_code grant', 'nothing');
  // RFC 8628: the grant, its endpoint and its settings come together.
  if (declared.has('device_code') && !p.endpoints.deviceAuthorization) add('/endpoints/deviceAuthorization', 'a deviceAuthorization endpoint for the device_code grant', 'nothing');
  if (declared.has('device_code') && !p.deviceAuthorization) add('/deviceAuthorization', 'a deviceAuthorization block for the device_code grant', 'nothing');
  if (!declared.has('device_code') && (p.endpoints.deviceAuthorization || p.deviceAuthorization)) add('/grants', 'a device_code grant for the deviceAuthorization endpoint and block', 'none');
  if (!declared.has('token_exchange') && p.tokenExchange) add('/grants', 'a token_exchange grant for the tokenExchange block', 'none');
  if (!declared.has('jwt_bearer') && p.jwtBearer) add('/grants', 'a jwt_bearer grant for the jwtBearer block', 'none');
  if (p.par && !p.endpoints.par) add('/endpoints/par', 'a par endpoint for the par block (RFC 9126 §2)', 'nothing');
  if (p.par && !p.endpoints.authorize) add('/endpoints/authorize', 'an authorize endpoint that pushed requests are for (RFC 9126 §4)', 'nothing');
  if (p.dpop?.required && p.dpop.bearer) add('/dpop/bearer', 'false where DPoP is required (every token is bound, and a bound token is never Bearer, RFC 9449 §7.2)', 'true');
  p.jwtBearer?.issuers.forEach((iss, i) => {
    if (!iss.jwks && !iss.jwksUri) add(`/jwtBearer/issuers/${i}`, 'the issuer’s keys: jwks or jwksUri', 'neither');
  });
  (p.mock.assertionKeys ?? []).forEach((k, i) => {
    if (!p.jwtBearer?.issuers.some((iss) => iss.issuer === k.issuer)) add(`/mock/assertionKeys/${i}/issuer`, 'an issuer listed in /jwtBearer/issuers', JSON.stringify(k.issuer));
  });
  if (p.deviceAuthorization && new Set(p.deviceAuthorization.userCode.charset).size < 10) add('/deviceAuthorization/userCode/charset', 'at least 10 distinct characters', JSON.stringify(p.deviceAuthorization.userCode.charset));
  if (p.accessToken.format === 'jwt' && !p.accessToken.jwt) add('/accessToken/jwt', 'JWT details for format "jwt"', 'nothing');
  if (Boolean(p.endpoints.register) !== Boolean(p.registration)) add(p.registration ? '/endpoints/register' : '/registration', 'a register endpoint and a registration block together', 'only one of them');
  for (const [i, by] of p.refreshToken.invalidatedBy.entries()) {
    const needs = by === 'api-key-login' ? 'api_key' : 'password';
    if (!declared.has(needs)) add(`/refreshToken/invalidatedBy/${i}`, `a ${needs} grant for "${by}"`, `no ${needs} grant`);
  }
  if (p.clientAuth.methods.includes('none') && p.clientAuth.methods.length === 1 && declared.has('client_credentials')) {
    add('/clientAuth/methods', 'a secret-based method for client_credentials (RFC 6749 §4.4)', '"none" only');
  }
  p.resources.forEach((r, i) => {
    (r.scopes ?? []).forEach((s, j) => {
      if (!scopes.has(s)) add(`/resources/${i}/scopes/${j}`, 'a scope listed in /scopes/supported', `"${s}"`);
    });
  });
  (p.scopes.default ?? []).forEach((s, j) => {
    if (!scopes.has(s)) add(`/scopes/default/${j}`, 'a scope listed in /scopes/supported', `"${s}"`);
  });
  p.mock.clients.forEach((c, i) => {
    (c.grants ?? []).forEach((g, j) => {
      if (!declared.has(g)) add(`/mock/clients/${i}/grants/${j}`, 'a grant the profile declares', `"${g}"`);
    });
    (c.scopes ?? []).forEach((s, j) => {
      if (!scopes.has(s)) add(`/mock/clients/${i}/scopes/${j}`, 'a scope listed in /scopes/supported', `"${s}"`);
    });
    if (!c.clientSecret && !c.jwks && !c.jwksUri && !c.privateJwk && !c.demoKey && !p.clientAuth.methods.includes('none')) add(`/mock/clients/${i}/clientSecret`, 'a secret or keys (the profile has no public clients)', 'nothing');
  });
  if (p.oidc) {
    // OpenID Connect Core 1.0 §3.1.2.1: the openid scope asks for an ID Token, which is a signed JWT
    // (§2) that clients verify with the provider's published keys (Discovery 1.0 §3 jwks_uri).
    if (!scopes.has('openid')) add('/scopes/supported', 'the "openid" scope for an OpenID Connect profile (/oidc)', JSON.stringify(p.scopes.supported));
    if (!p.endpoints.jwks) add('/endpoints/jwks', 'a jwks endpoint to verify ID Tokens with (/oidc)', 'nothing');
    if (!declared.has('authorization_code')) add('/grants', 'an authorization_code grant for OpenID Connect (/oidc)', 'none');
  } else {
    for (const name of ['discovery', 'userinfo', 'endSession'] as const) {
      if (p.endpoints[name]) add(`/endpoints/${name}`, 'an /oidc block for an OpenID Connect endpoint', `/endpoints/${name} without /oidc`);
    }
  }
  // RFC 7591: an endpoint and its rules come together.
  if (Boolean(p.endpoints.clientRegistration) !== Boolean(p.clientRegistration)) add(p.clientRegistration ? '/endpoints/clientRegistration' : '/clientRegistration', 'a clientRegistration endpoint and a clientRegistration block together', 'only one of them');
  // RFC 8707 §2: the resource a token is minted for by default is the profile's own protected resource.
  if (p.resourceIndicators && !p.protectedResource && !p.resourceIndicators.accepted?.length) add('/resourceIndicators', 'a protectedResource (or accepted resources) for resource indicators to name', 'neither');
  if (p.mcp) {
    // MCP authorization: PRM (RFC 9728), resource indicators (RFC 8707), OAuth 2.1 code + PKCE S256.
    if (!p.protectedResource) add('/protectedResource', 'a protected resource (the MCP endpoint) for an mcp profile', 'nothing');
    if (!p.resourceIndicators) add('/resourceIndicators', 'resource indicators for an mcp profile (RFC 8707)', 'nothing');
    if (!declared.has('authorization_code')) add('/grants', 'an authorization_code grant for an mcp profile', 'none');
    if (!p.pkce?.methods.includes('S256')) add('/pkce/methods', 'S256 for an mcp profile', JSON.stringify(p.pkce?.methods ?? []));
  }
  // A rule that holds the server to a behaviour its own fields say it does not have cannot both be
  // true: name the field and the rule, and how to drop the rule when it came with `extends`.
  const contradictions: [string, boolean, string, string][] = [
    ['refresh.reuse-detection', p.refreshToken.policy !== 'rotating-reuse-detection', '/refreshToken/policy', `"${p.refreshToken.policy}"`],
    ['authz.pkce-required', !p.pkce?.required, '/pkce/required', p.pkce ? 'false' : 'no pkce block'],
    ['authz.plain-pkce-refused', p.pkce?.methods.includes('plain') !== false, '/pkce/methods', p.pkce ? JSON.stringify(p.pkce.methods) : 'no pkce block'],
    ['resource.query-token-refused', p.bearer.queryToken === true, '/bearer/queryToken', 'true'],
  ];
  p.rules.forEach((rule, i) => {
    if (rule.level !== 'MUST') return;
    for (const [check, contradicted, pointer, found] of contradictions) {
      if (rule.checks?.includes(check) && contradicted) {
        add(pointer, `a value that fits rule ${rule.id} (/rules/${i}: MUST ${check}), or the rule removed ("rules": { "${rule.id}": null } in a profile that extends)`, found);
      }
    }
  });
  p.mock.clients.forEach((c, i) => {
    if (c.postLogoutRedirectUris?.length && !p.endpoints.endSession) add(`/mock/clients/${i}/postLogoutRedirectUris`, 'an endSession endpoint to redirect from', 'no /endpoints/endSession');
  });
  return issues;
}

/**
 * What the built-in mock needs to serve a profile: demo clients, users and API keys to hand out. A
 * profile that only describes a real server carries none, and is checked without them.
 */
export function mockRuleIssues(p: ResolvedProfile): Issue[] {
  const issues: Issue[] = [];
  const declared = new Set(p.grants.map((g) => g.type));
  const add = (pointer: string, expected: string) => issues.push({ pointer, expected: `${expected} for the built-in mock to serve this profile`, found: 'none' });
  if (declared.has('api_key') && p.mock.apiKeys.length === 0) add('/mock/apiKeys', 'at least one demo API key (the api_key grant)');
  if ((declared.has('password') || declared.has('authorization_code')) && p.mock.users.length === 0) add('/mock/users', 'at least one demo user (password or authorization_code)');
  if (['client_credentials', 'password', 'authorization_code'].some((g) => declared.has(g as never)) && p.mock.clients.length === 0) add('/mock/clients', 'at least one demo client');
  return issues;
}
