// Rules every reply of the run is held to (suites/checks/observed.ts reads each one as it arrives).
// These checks make sure each rule has something to read: every document the profile names, and
// every kind of request a server answers 401; the reporter adds what the other checks' replies showed.
import { check } from '../fixtures.ts';
import { initializeBody, mcpHeaders, metadataUrlFor, resourceId } from '../protected-resource.ts';
import { discoveryUrl } from '../oidc.ts';
import { directGrant, endpointUrl, expectObserved, grantFields, postGrant, resourceUrl } from '../support.ts';

check('http.json-media-type', { requires: [] }, async (c) => {
  const t = c.target;
  const e = t.profile.endpoints;
  const docs: [string, string][] = [];
  if (e.metadata) docs.push(['authorization server metadata', endpointUrl(t, 'metadata')]);
  if (t.profile.oidc || e.discovery) docs.push(['OpenID configuration', discoveryUrl(t)]);
  if (e.jwks) docs.push(['JWKS', endpointUrl(t, 'jwks')]);
  if (t.profile.protectedResource) docs.push(['protected resource metadata', metadataUrlFor(resourceId(t))]);
  for (const [what, url] of docs) await c.http.send('GET', url, {}, what);
  // A token response and an error of the token endpoint, whatever the credentials: both are JSON documents.
  const g = directGrant(t) ?? t.profile.grants[0];
  if (g) {
    const fields = grantFields(t, g);
    if (typeof fields !== 'string') await postGrant(c.http, t, g, fields, 'full', undefined, `${g.type} grant`);
    await postGrant(c.http, t, g, { grant_type: 'urn:oauth-conformance:unknown' }, 'none', undefined, 'an unknown grant_type (an error document)');
  }
  expectObserved(c, 'http.json-media-type', 'no endpoint of the profile answered a JSON document to this check');
});

check('http.401-challenge', { requires: [] }, async (c) => {
  const t = c.target;
  const p = t.profile;
  const bad = { authorization: 'Bearer oauth-conformance-invalid-token' };
  for (const r of p.resources.slice(0, 2)) {
    const method = r.method ?? 'GET';
    const body = method === 'GET' ? {} : { json: {} };
    await c.http.send(method, resourceUrl(t, r), body, `${method} ${r.path} without a token`);
    await c.http.send(method, resourceUrl(t, r), { headers: bad, ...body }, `${method} ${r.path} with an invalid token`);
  }
  if (p.endpoints.userinfo) {
    await c.http.send('GET', endpointUrl(t, 'userinfo'), {}, 'UserInfo without a token');
    await c.http.send('GET', endpointUrl(t, 'userinfo'), { headers: bad }, 'UserInfo with an invalid token');
  }
  if (p.mcp && p.protectedResource) {
    await c.http.send('POST', resourceId(t), { headers: { accept: mcpHeaders.accept }, json: JSON.parse(initializeBody(p.mcp.revision)) as unknown }, 'MCP initialize without a token');
  }
  // A wrong secret sent by Basic: RFC 6749 §5.2 has this answered 401 with a challenge.
  const g = directGrant(t);
  const { clientId } = t.credentials;
  if (g && g.type !== 'api_key' && clientId && p.clientAuth.methods.includes('client_secret_basic')) {
    await c.http.send('POST', endpointUrl(t, g.endpoint), { form: { grant_type: g.type }, basic: [clientId, 'oauth-conformance-wrong-secret'] }, 'a wrong client secret by Basic');
  }
  expectObserved(c, 'http.401-challenge', 'no request of this check was answered 401 (the profile names no resource, UserInfo or MCP endpoint, and no client to send a wrong secret for)');
});
