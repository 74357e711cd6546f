// Real OpenID Connect software nobody here wrote, against the mock over node:http: panva's
// openid-client signs in (discovery, code + PKCE S256, state, nonce, ID Token validation), reads
// UserInfo, refreshes (a new ID Token for the same subject), and logs out through end_session.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as oidc from 'openid-client';
import { startMockServer, type MockServer } from '../mock-server/index.ts';
import { loadProfile } from '../lib/profiles.ts';
import { mockUserAgent } from '../suites/client/user-agent.ts';

describe('openid-client against the oidc mock', () => {
  let mock: MockServer;
  let config: oidc.Configuration;
  const redirect_uri = 'http://127.0.0.1:8765/callback';
  before(async () => {
    mock = await startMockServer({ profile: loadProfile('oidc'), port: 0 });
    config = await oidc.discovery(new URL(mock.url), 'oidc-demo-client', 'oidc-demo-secret', undefined, { execute: [oidc.allowInsecureRequests] });
  });
  after(() => mock.close());

  it('discovers, signs in with PKCE and nonce, reads UserInfo, refreshes, and logs out', async () => {
    assert.equal(config.serverMetadata().issuer, mock.url);
    const agent = mockUserAgent(mock.url, { username: 'alice', password: 'alice-password' });
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, { redirect_uri, scope: 'openid profile email read', code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', state, nonce });
    const tokens = await oidc.authorizationCodeGrant(config, new URL(await agent(url.href)), { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true });
    const claims = tokens.claims()!;
    assert.equal(claims.sub, 'alice');
    assert.equal(claims.nonce, nonce);
    assert.equal(claims.email, 'alice@example.test');
    const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
    assert.equal(info.name, 'Alice Example');

    // prompt=none in the same user agent: the session answers without a page.
    const quiet = oidc.buildAuthorizationUrl(config, { redirect_uri, scope: 'openid', code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', state, nonce: 'quiet', prompt: 'none' });
    const silent = await oidc.authorizationCodeGrant(config, new URL(await agent(quiet.href)), { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: 'quiet' });
    assert.equal(silent.claims()!.auth_time, claims.auth_time);

    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    assert.equal(refreshed.claims()!.sub, 'alice');
    assert.notEqual(refreshed.refresh_token, tokens.refresh_token);
    assert.equal((await oidc.fetchUserInfo(config, refreshed.access_token, 'alice')).sub, 'alice');

    const end = oidc.buildEndSessionUrl(config, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: 'http://127.0.0.1:8765/signed-out', state: 'bye' });
    assert.equal(await agent(end.href), 'http://127.0.0.1:8765/signed-out?state=bye');
    // The session is gone: prompt=none now answers login_required, which openid-client raises.
    const back = new URL(await agent(quiet.href));
    assert.equal(back.searchParams.get('error'), 'login_required');
    await assert.rejects(oidc.authorizationCodeGrant(config, back, { pkceCodeVerifier: verifier, expectedState: state }), (e: { error?: string }) => e.error === 'login_required');
  });

  it('refuses what the mock serves wrong on purpose: a wrong nonce is caught by the library', async () => {
    const agent = mockUserAgent(mock.url, { username: 'alice', password: 'alice-password' });
    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(config, { redirect_uri, scope: 'openid', code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', nonce: 'sent' });
    mock.admin.addFault({ method: 'POST', path: '/token', idToken: 'wrong-nonce', times: 1 });
    await assert.rejects(oidc.authorizationCodeGrant(config, new URL(await agent(url.href)), { pkceCodeVerifier: verifier, expectedNonce: 'sent' }), (e: Error & { cause?: { cause?: { claim?: string } } }) => e.cause?.cause?.claim === 'nonce');
  });
});
