// The user's side of a sign-in at the built-in mock, for client checks: follows the authorization URL,
// logs in and consents on the mock's own pages with plain HTTP (a cookie jar of one), and hands back
// where the provider redirected. A client under test never knows it was not a browser.
import type { UserAgent } from './adapter.ts';

export function mockUserAgent(mockUrl: string, user: { username: string; password: string }, fields = { username: 'username', password: 'password' }): UserAgent {
  let cookie = '';
  const mockOrigin = new URL(mockUrl).origin;
  const go = async (url: string, form?: Record<string, string>): Promise<Response> => {
    const r = await fetch(url, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: { ...(cookie ? { cookie } : {}), ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    });
    const set = r.headers.get('set-cookie');
    if (set) cookie = /Max-Age=0/i.test(set) ? '' : set.split(';')[0]!;
    return r;
  };
  return async (authorizationUrl) => {
    let url = authorizationUrl;
    let r = await go(url);
    for (let step = 0; step < 6; step++) {
      if (r.status >= 300 && r.status < 400) {
        const next = new URL(r.headers.get('location') ?? '', url);
        if (next.origin !== mockOrigin) return next.href;
        url = next.href;
        r = await go(url);
        continue;
      }
      const html = await r.text();
      const pending = /name="pending" value="([^"]+)"/.exec(html)?.[1];
      const action = new URL(/<form method="post" action="([^"]+)"/.exec(html)?.[1] ?? url, url).href;
      if (!pending) throw new Error(`the mock showed no sign-in form (status ${r.status}): ${html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').slice(0, 200)}`);
      r = html.includes('name="step" value="login"') ? await go(action, { pending, step: 'login', [fields.username]: user.username, [fields.password]: user.password }) : await go(action, { pending, step: 'consent', decision: 'allow' });
    }
    throw new Error('the sign-in did not come back to the client after six steps');
  };
}
