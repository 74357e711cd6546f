// Drives a target's authorization endpoint in a real browser: its own login page (selectors from the
// target) and consent page; the redirect back is caught before it leaves the browser.
import { createHash, randomBytes } from 'node:crypto';
import type { Page, Request, Route } from '@playwright/test';
import { escapeHtml } from '../lib/html.ts';
import type { SuiteTarget } from './target.ts';

export function newVerifier(): string {
  return randomBytes(32).toString('base64url');
}

export function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

export interface AuthorizeOptions {
  clientId: string;
  redirectUri: string;
  scope?: string;
  state?: string;
  verifier?: string;
  method?: 'S256' | 'plain';
  decision?: 'allow' | 'deny';
  /** More request parameters (OpenID Connect: nonce, prompt, max_age). */
  extra?: Record<string, string>;
  /** Send the request as a form POST (OpenID Connect Core §3.1.2.1: GET and POST are both supported). */
  post?: boolean;
  /** A pushed request's request_uri (RFC 9126 §4): the request is then client_id and request_uri alone. */
  requestUri?: string;
}

/** Where the browser ended; `viaLogin` when the login page was shown and filled on the way. */
export type AuthorizeOutcome = { redirected: URL; viaLogin?: boolean } | { shown: { status: number; text: string } };

export async function authorizeInBrowser(page: Page, t: SuiteTarget, o: AuthorizeOptions): Promise<AuthorizeOutcome> {
  const q = new URLSearchParams(o.requestUri !== undefined ? { client_id: o.clientId, request_uri: o.requestUri } : { response_type: 'code', client_id: o.clientId, redirect_uri: o.redirectUri });
  if (o.scope) q.set('scope', o.scope);
  if (o.state) q.set('state', o.state);
  for (const [k, v] of Object.entries(o.extra ?? {})) q.set(k, v);
  if (o.verifier) {
    q.set('code_challenge', o.method === 'plain' ? o.verifier : s256(o.verifier));
    q.set('code_challenge_method', o.method ?? 'S256');
  }
  let captured: URL | undefined;
  const target = new URL(o.redirectUri);
  // Any navigation to the redirect URI's origin is answered here: nothing needs to listen there.
  const matcher = (u: URL) => u.origin === target.origin;
  const handler = async (route: Route) => {
    captured = new URL(route.request().url());
    await route.fulfill({
      status: 200,
      contentType: 'text/plain',
      body: 'redirect captured by oauth-conformance',
    });
  };
  // A redirect answered straight to a navigation is not always routed; the request event still sees
  // where the browser was sent, even when nothing listens there.
  const onRequest = (r: Request) => {
    const u = new URL(r.url());
    if (u.origin === target.origin) captured ??= u;
  };
  await page.route(matcher, handler);
  page.on('request', onRequest);
  try {
    return await drive();
  } finally {
    // A page may authorize again (prompt=none after a login): each call watches with its own handler.
    page.off('request', onRequest);
    await page.unroute(matcher, handler);
  }

  async function drive(): Promise<AuthorizeOutcome> {
    const endpoint = `${t.baseUrl}${t.profile.basePath}${t.profile.endpoints.authorize!.path}`;
    let first;
    try {
      first = o.post ? await postForm(page, endpoint, q) : await page.goto(`${endpoint}?${q}`);
    } catch (e) {
      if (captured) return { redirected: captured };
      throw e;
    }
    if (captured) return { redirected: captured };
    if (first && first.status() >= 400)
      return {
        shown: { status: first.status(), text: await page.innerText('body') },
      };
    const login = t.login;
    const loginVisible = login
      ? await page
          .locator(login.usernameSelector)
          .isVisible()
          .catch(() => false)
      : false;
    if (!login || !loginVisible)
      return {
        shown: {
          status: first?.status() ?? 0,
          text: await page.innerText('body'),
        },
      };
    await page.fill(login.usernameSelector, t.credentials.username ?? '');
    await page.fill(login.passwordSelector, t.credentials.password ?? '');
    await page.click(login.submitSelector);
    await page.waitForLoadState();
    if (!captured) {
      const button = o.decision === 'deny' ? login.denySelector : login.consentSelector;
      if (
        button &&
        (await page
          .locator(button)
          .isVisible()
          .catch(() => false))
      ) {
        await page.click(button);
        await page.waitForLoadState();
      }
    }
    if (!captured) await page.waitForURL((u) => u.origin === target.origin, { timeout: 10_000 }).catch(() => undefined);
    if (captured) return { redirected: captured, viaLogin: true };
    return { shown: { status: 0, text: await page.innerText('body') } };
  }
}

/** A form that posts the request's parameters to the endpoint, submitted as a user's browser would. */
async function postForm(page: Page, endpoint: string, q: URLSearchParams) {
  const inputs = [...q].map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`).join('');
  await page.setContent(`<form method="post" action="${escapeHtml(endpoint)}">${inputs}</form>`);
  const [response] = await Promise.all([page.waitForNavigation().catch(() => null), page.locator('form').evaluate((f) => (f as HTMLFormElement).submit())]);
  return response;
}
