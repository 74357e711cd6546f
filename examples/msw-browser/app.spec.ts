// Drives the example app in Chromium: MSW's service worker serves the provider's flows from the same
// engine as the Node mock. Each step the app takes is asserted on the page and in the mock's
// recorded traffic.
import { test as base, expect, type FrameLocator, type Page } from '@playwright/test';

interface Recorded {
  method: string;
  path: string;
  status: number;
}

// The dev server is started once by global-setup.ts. Every test also fails on any warning or error
// MSW logs, e.g. a worker script from another msw version than the library's.
const test = base.extend<{ appUrl: string }>({
  appUrl: async ({ page }, use) => {
    const url = process.env.EXAMPLE_APP_URL;
    if (!url) throw new Error('EXAMPLE_APP_URL is not set: run with -c examples/msw-browser/playwright.config.ts');
    const complaints: string[] = [];
    page.on('console', (m) => {
      if ((m.type() === 'warning' || m.type() === 'error') && m.text().includes('[MSW]')) complaints.push(m.text());
    });
    page.on('pageerror', (e) => complaints.push(e.message));
    await use(url);
    expect(complaints).toEqual([]);
  },
});

async function open(page: Page, appUrl: string, provider = 'oauth21'): Promise<void> {
  await page.goto(`${appUrl}/?provider=${provider}`);
  await expect(page.getByRole('status')).toHaveText('Signed out');
}

function loginFrame(page: Page): FrameLocator {
  return page.frameLocator('dialog[data-oauth-conformance="login"] iframe');
}

async function signIn(page: Page, user = 'alice', password = 'alice-password', labels = { user: 'Username', password: 'Password', submit: 'Sign in' }): Promise<void> {
  await page.getByRole('button', { name: 'Sign in' }).click();
  const frame = loginFrame(page);
  await frame.getByLabel(labels.user).fill(user);
  await frame.getByLabel(labels.password).fill(password);
  await frame.getByRole('button', { name: labels.submit }).click();
  await expect(frame.getByRole('heading', { name: 'Allow access?' })).toBeVisible();
  await frame.getByRole('button', { name: 'Allow' }).click();
  await expect(page.getByRole('status')).toHaveText('Signed in');
}

const activity = (page: Page) => page.getByRole('list', { name: 'Activity' }).getByRole('listitem');

function recorded(page: Page): Promise<Recorded[]> {
  return page.evaluate(() =>
    (window as unknown as { authMock: { admin: { requests(): Recorded[] } } }).authMock.admin.requests().map((r) => ({ method: r.method, path: r.path.split('?')[0]!, status: r.status })),
  );
}

test('logs in with authorization code + PKCE, stores the token, calls the API, refreshes on 401', async ({ page, appUrl }) => {
  await open(page, appUrl);

  // The login page is the mock's own, shown in a dialog: MSW does not intercept navigations.
  await page.getByRole('button', { name: 'Sign in' }).click();
  const frame = loginFrame(page);
  await expect(frame.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await frame.getByLabel('Username').fill('alice');
  await frame.getByLabel('Password').fill('wrong-password');
  await frame.getByRole('button', { name: 'Sign in' }).click();
  await expect(frame.getByRole('alert')).toBeVisible();
  await frame.getByLabel('Username').fill('alice');
  await frame.getByLabel('Password').fill('alice-password');
  await frame.getByRole('button', { name: 'Sign in' }).click();
  await expect(frame.getByRole('listitem')).toHaveText(['read']);
  await frame.getByRole('button', { name: 'Allow' }).click();
  await expect(page.getByRole('status')).toHaveText('Signed in');
  await expect(page.locator('dialog')).toHaveCount(0);
  await expect(activity(page)).toHaveText(['login page opened', 'code received', 'signed in (token expires in 3600 s)']);

  // Stored: a JWT access token and a refresh token in sessionStorage.
  const stored = await page.evaluate(() => JSON.parse(sessionStorage.getItem('example-app.tokens') ?? 'null') as { access_token: string; refresh_token: string } | null);
  expect(stored?.access_token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  expect(stored?.refresh_token).toBeTruthy();

  await page.getByRole('button', { name: 'Call API' }).click();
  await expect(page.getByLabel('API result')).toHaveText('200 {"ok":true}');

  // Expiry through the mock's clock: the API answers 401 invalid_token, the app refreshes and retries.
  await page.getByRole('button', { name: 'Expire access token' }).click();
  await page.getByRole('button', { name: 'Call API' }).click();
  await expect(page.getByLabel('API result')).toHaveText('200 {"ok":true}');
  await expect(activity(page).filter({ hasText: /^API|refreshed/ })).toHaveText(['API 200', 'API 401 invalid_token', 'token refreshed', 'API 200 after refresh']);
  const refreshed = await page.evaluate(() => JSON.parse(sessionStorage.getItem('example-app.tokens') ?? 'null') as { access_token: string; refresh_token: string });
  expect(refreshed.refresh_token).not.toBe(stored?.refresh_token);

  expect(await recorded(page)).toEqual([
    { method: 'GET', path: '/authorize', status: 200 },
    { method: 'POST', path: '/authorize', status: 401 },
    { method: 'POST', path: '/authorize', status: 200 },
    { method: 'POST', path: '/authorize', status: 303 },
    { method: 'POST', path: '/token', status: 200 },
    { method: 'GET', path: '/api/resource', status: 200 },
    { method: 'GET', path: '/api/resource', status: 401 },
    { method: 'POST', path: '/token', status: 200 },
    { method: 'GET', path: '/api/resource', status: 200 },
  ]);
});

test('a failing token endpoint keeps the session; the next try refreshes', async ({ page, appUrl }) => {
  await open(page, appUrl);
  await signIn(page);
  await page.getByRole('button', { name: 'Expire access token' }).click();
  await page.getByRole('button', { name: 'Fail next token request' }).click();
  await page.getByRole('button', { name: 'Call API' }).click();
  await expect(activity(page).last()).toHaveText('not refreshed now: try again later');
  await expect(page.getByLabel('API result')).toHaveText(/^401 /);
  await expect(page.getByRole('status')).toHaveText('Signed in');
  await page.getByRole('button', { name: 'Call API' }).click();
  await expect(page.getByLabel('API result')).toHaveText('200 {"ok":true}');
  await expect(activity(page).filter({ hasText: /^token / })).toHaveText(['token endpoint said 503 temporarily_unavailable', 'token refreshed']);
});

test('a forgotten refresh token ends the session at the refused refresh', async ({ page, appUrl }) => {
  await open(page, appUrl);
  await signIn(page);
  await page.getByRole('button', { name: 'Reset mock' }).click();
  await page.getByRole('button', { name: 'Expire access token' }).click();
  await page.getByRole('button', { name: 'Call API' }).click();
  await expect(page.getByRole('status')).toHaveText('Signed out');
  await expect(activity(page).filter({ hasText: /token endpoint|session/ })).toHaveText(['token endpoint said 400 invalid_grant', 'session ended: sign in again']);
});

test('denying consent and cancelling the dialog both leave the app signed out', async ({ page, appUrl }) => {
  await open(page, appUrl);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const frame = loginFrame(page);
  await frame.getByLabel('Username').fill('alice');
  await frame.getByLabel('Password').fill('alice-password');
  await frame.getByRole('button', { name: 'Sign in' }).click();
  await frame.getByRole('button', { name: 'Deny' }).click();
  await expect(activity(page).last()).toHaveText('sign-in failed: authorization refused: access_denied');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(loginFrame(page).getByLabel('Username')).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(activity(page).last()).toHaveText('sign-in failed: login cancelled');
  await expect(page.getByRole('status')).toHaveText('Signed out');
});

test('switching provider switches profile: generic-oauth2 login page, paths and client authentication', async ({ page, appUrl }) => {
  await open(page, appUrl, 'generic-oauth2');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(loginFrame(page).getByRole('heading', { name: 'Sign in to Example API' })).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await signIn(page, 'demo@example.com', 'demo-password', { user: 'Email address', password: 'Passcode', submit: 'Continue' });
  await page.getByRole('button', { name: 'Call API' }).click();
  await expect(page.getByLabel('API result')).toHaveText(/^200 \{"recordings":/);
  const paths = (await recorded(page)).map((r) => `${r.method} ${r.path} ${r.status}`);
  expect(paths.slice(-2)).toEqual(['POST /oauth/token 200', 'GET /api/v1/recordings 200']);
});

test('a page load starts a fresh mock: the stored token is unknown and the app signs out', async ({ page, appUrl }) => {
  await open(page, appUrl);
  await signIn(page);
  await page.reload();
  await expect(page.getByRole('status')).toHaveText('Signed in');
  await page.getByRole('button', { name: 'Call API' }).click();
  await expect(page.getByRole('status')).toHaveText('Signed out');
  await expect(activity(page).last()).toHaveText('session ended: sign in again');
});

test('oidc-client-ts signs in to the OpenID Provider profile through the handlers: discovery, PKCE, nonce, UserInfo, logout', async ({ page, appUrl }) => {
  await open(page, appUrl, 'oidc');
  await signIn(page);
  await expect(activity(page).filter({ hasText: /^signed in as/ })).toHaveText(['signed in as Alice Example']);
  const session = await page.evaluate(() => JSON.parse(sessionStorage.getItem('example-app.oidc') ?? 'null') as { id_token: string } | null);
  const claims = JSON.parse(Buffer.from(session!.id_token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
  expect(claims).toMatchObject({ iss: 'https://id.example.test', aud: 'example-spa-oidc', sub: 'alice', email: 'alice@example.test' });
  expect(claims.nonce, 'oidc-client-ts sent a nonce and the ID Token echoes it').toBeTruthy();
  await page.getByRole('button', { name: 'Call API' }).click();
  await expect(page.getByLabel('API result')).toHaveText('200 {"ok":true}');
  // The handlers keep the login session (MSW's cookie store): prompt=none now answers without a page.
  const silent = await page.evaluate(async () => {
    const q = new URLSearchParams({ response_type: 'code', client_id: 'example-spa-oidc', redirect_uri: `${location.origin}/callback`, scope: 'openid', prompt: 'none', code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' });
    await fetch(`https://id.example.test/authorize?${q}`, { redirect: 'manual', credentials: 'include' });
    const mock = (window as unknown as { authMock: { admin: { requests(): { path: string; responseHeaders: Record<string, string> }[] } } }).authMock;
    return new URL(mock.admin.requests().at(-1)!.responseHeaders.location!).search;
  });
  expect([...new URLSearchParams(silent).keys()], silent).toContain('code');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('status')).toHaveText('Signed out');
  await expect(activity(page).last()).toHaveText('signed out');
  const traffic = (await recorded(page)).map((r) => `${r.method} ${r.path} ${r.status}`);
  expect(traffic).toEqual([
    'GET /.well-known/openid-configuration 200',
    'GET /authorize 200',
    'POST /authorize 200',
    'POST /authorize 303',
    'POST /token 200',
    'GET /userinfo 200',
    'GET /api/resource 200',
    'GET /authorize 303',
    'GET /logout 303',
  ]);
  // The authentication request carried what a relying party must send.
  const authorize = await page.evaluate(() => (window as unknown as { authMock: { admin: { requests(): { path: string }[] } } }).authMock.admin.requests().find((r) => r.path.startsWith('/authorize?'))!.path);
  const q = new URLSearchParams(authorize.split('?')[1]);
  expect(q.get('code_challenge_method')).toBe('S256');
  expect(q.get('scope')).toBe('openid profile email read');
  expect(q.get('nonce')).toBeTruthy();
  expect(q.get('state')).toBeTruthy();

  // The handlers serve a spoiled ID Token on purpose; oidc-client-ts refuses it and stays signed out.
  await page.evaluate(() => (window as unknown as { authMock: { admin: { addFault(r: object): void } } }).authMock.admin.addFault({ method: 'POST', path: '/token', idToken: 'wrong-nonce', times: 1 }));
  await page.getByRole('button', { name: 'Sign in' }).click();
  const frame = loginFrame(page);
  // Logged out at the provider: the login page again, not a silent sign-in.
  await frame.getByLabel('Username').fill('alice');
  await frame.getByLabel('Password').fill('alice-password');
  await frame.getByRole('button', { name: 'Sign in' }).click();
  await frame.getByRole('button', { name: 'Allow' }).click();
  await expect(activity(page).last()).toHaveText('sign-in failed: nonce in id_token does not match nonce in client storage');
  await expect(page.getByRole('status')).toHaveText('Signed out');
});

test('the official MCP SDK client connects to the MCP profile through the handlers: 401, metadata, registration, PKCE and resource, a tool call', async ({ page, appUrl }) => {
  await open(page, appUrl, 'mcp');
  await signIn(page);
  await expect(activity(page)).toHaveText(['login page opened', 'connected to the MCP server (tools: echo)']);
  await page.getByRole('button', { name: 'Call API' }).click();
  // The endpoint is a real MCP server (the SDK modules the app handed to createAuthHandlers).
  await expect(page.getByLabel('API result')).toHaveText('200 hello from the browser (for alice)');
  const traffic = (await recorded(page)).map((r) => `${r.method} ${r.path} ${r.status}`);
  // The SDK discovers again when it finishes the authorization (finishAuth), then initializes,
  // sends `notifications/initialized` (202), lists the tools; the tool call is a second connection.
  expect(traffic).toEqual([
    'POST /mcp 401',
    'GET /.well-known/oauth-protected-resource/mcp 200',
    'GET /.well-known/oauth-authorization-server 200',
    'POST /register 201',
    'GET /authorize 200',
    'POST /authorize 200',
    'POST /authorize 303',
    'GET /.well-known/oauth-protected-resource/mcp 200',
    'GET /.well-known/oauth-authorization-server 200',
    'POST /token 200',
    ...['POST /mcp 200', 'POST /mcp 202', 'POST /mcp 200'],
    ...['POST /mcp 200', 'POST /mcp 202', 'POST /mcp 200'],
  ]);
  // RFC 8707 on both requests, and the token the SDK sends carries the MCP server as its audience.
  const requests = await page.evaluate(() => (window as unknown as { authMock: { admin: { requests(): { method: string; path: string; body: string }[] } } }).authMock.admin.requests());
  const authorize = new URLSearchParams(requests.find((r) => r.path.startsWith('/authorize?'))!.path.split('?')[1]);
  expect([authorize.get('resource'), authorize.get('code_challenge_method'), authorize.get('scope')]).toEqual(['https://mcp.example.test/mcp', 'S256', 'mcp:tools']);
  const exchange = new URLSearchParams(requests.find((r) => r.method === 'POST' && r.path === '/token')!.body);
  expect(exchange.get('resource')).toBe('https://mcp.example.test/mcp');
  const saved = await page.evaluate(() => JSON.parse(sessionStorage.getItem('example-app.mcp') ?? 'null') as { tokens: { access_token: string } });
  const claims = JSON.parse(Buffer.from(saved.tokens.access_token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
  expect(claims.aud).toBe('https://mcp.example.test/mcp');
});

test('oauth4webapi binds the tokens to a WebCrypto key of the page (DPoP): a proof per request, the nonce answered, the bound refresh token refreshed with the same key', async ({ page, appUrl }) => {
  await open(page, appUrl, 'dpop');
  await signIn(page);
  await expect(activity(page)).toContainText(['login page opened', 'server asked for a DPoP nonce', 'signed in (token_type dpop)']);
  await page.getByRole('button', { name: 'Call API' }).click();
  await expect(page.getByLabel('API result')).toHaveText('200 {"ok":true}');
  // Expiry: 401 invalid_token, a refresh signed with the same key (RFC 9449 §5), the call again.
  await page.getByRole('button', { name: 'Expire access token' }).click();
  await page.getByRole('button', { name: 'Call API' }).click();
  await expect(page.getByLabel('API result')).toHaveText('200 {"ok":true}');
  await expect(activity(page).filter({ hasText: /^API|refreshed/ })).toHaveText(['API 200', 'API 401 invalid_token', 'token refreshed', 'API 200 after refresh']);
  // What the page sent, as the mock recorded it: a DPoP proof with every token request and API call.
  const sent = await page.evaluate(() =>
    (window as unknown as { authMock: { admin: { requests(): { method: string; path: string; status: number; headers: Record<string, string>; tokens?: { where: string; header: Record<string, unknown>; claims: Record<string, unknown> }[] }[] } } }).authMock.admin
      .requests()
      .filter((r) => r.path === '/token' || r.path === '/api/resource')
      .map((r) => ({ path: r.path, status: r.status, scheme: (r.headers.authorization ?? '').split(' ')[0], proof: r.tokens?.find((t) => t.where === 'request dpop') })),
  );
  // 400 at first: the server wants a nonce (use_dpop_nonce). After the clock moved an hour the nonce is
  // stale: a 401 use_dpop_nonce, the call again with the new one, then the expired token's 401.
  expect(sent.map((s) => `${s.path} ${s.status}`)).toEqual(['/token 400', '/token 200', '/api/resource 200', '/api/resource 401', '/api/resource 401', '/token 200', '/api/resource 200']);
  for (const s of sent) {
    expect(s.proof?.header.typ).toBe('dpop+jwt');
    expect(s.proof?.header.alg).toBe('ES256');
  }
  expect(new Set(sent.map((s) => JSON.stringify(s.proof?.header.jwk))).size, 'one key for every proof').toBe(1);
  expect(new Set(sent.map((s) => s.proof?.claims.jti)).size, 'a fresh jti each time').toBe(sent.length);
  expect(sent.filter((s) => s.path === '/api/resource').map((s) => s.scheme)).toEqual(['DPoP', 'DPoP', 'DPoP', 'DPoP']);
});
