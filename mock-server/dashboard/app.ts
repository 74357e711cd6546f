// The mock's dashboard in the browser: reads the admin API, follows its live events, and makes changes
// through it with the page's CSRF token (or the admin token the user types). Bundled by
// scripts/build.mjs into dist/mock-server/dashboard/app.js; it imports nothing that needs Node.
import type { FaultRule, TokenView } from '../../generated/types/index.ts';
import type { RecordedExchange } from '../engine/admin/recorder.ts';
import { escapeHtml as h } from '../../lib/html.ts';
import { tokenViewHtml } from '../../lib/token-view-html.ts';

type Exchange = RecordedExchange;

const $ = <T extends Element = HTMLElement>(sel: string) => document.querySelector(sel) as T;
const csrf = $<HTMLMetaElement>('meta[name="csrf-token"]').content;
let adminToken = sessionStorage.getItem('oauth-conformance-admin-token') ?? '';
let clockSeconds = Math.floor(Date.now() / 1000);
const exchanges = new Map<number, Exchange>();

function say(text: string, ok = false): void {
  const m = $('#message');
  m.textContent = text;
  m.classList.toggle('ok', ok);
}

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (csrf) headers['x-csrf-token'] = csrf;
  if (adminToken) headers['x-admin-token'] = adminToken;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`/__admin${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  if (res.status === 403 && csrf === '') {
    $('#admin-token-form').hidden = false;
    throw new Error('the admin token is missing or wrong');
  }
  const text = await res.text();
  const data = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  if (!res.ok) throw new Error(String(data.error_description ?? data.error ?? `HTTP ${res.status}`));
  return data as T;
}

// A change: said in words when it worked or did not, never a silent failure.
async function change(what: string, run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
    say(what, true);
  } catch (e) {
    say(`${what.replace(/\.$/, '')} failed: ${(e as Error).message}`);
  }
}

// ---- clock
async function refreshClock(): Promise<void> {
  const c = await api<{ now: string; epochSeconds: number }>('GET', '/clock');
  clockSeconds = c.epochSeconds;
  $('#clock').textContent = c.now;
  // Expiry is read on the mock's clock: every token view is drawn again.
  for (const ex of exchanges.values()) redrawTokens(ex);
  redrawMinted();
}
for (const b of document.querySelectorAll<HTMLButtonElement>('[data-advance]')) {
  b.addEventListener('click', () => change(`Clock moved ${b.textContent}.`, () => api('POST', '/clock', { advance: Number(b.dataset.advance) })));
}
$('#clock-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const v = new FormData(e.target as HTMLFormElement).get('set') as string;
  void change(`Clock set to ${v}.`, () => api('POST', '/clock', { set: /^\d+$/.test(v) ? Number(v) : v }));
});
$('#reset').addEventListener('click', () => change('The mock was reset.', () => api('POST', '/reset', {})));

// ---- traffic
function exchangeHtml(ex: Exchange): string {
  const headers = (hs: Record<string, string>) => Object.entries(hs).map(([k, v]) => `${k}: ${v}`).join('\n');
  const pretty = (b: string) => {
    try {
      return JSON.stringify(JSON.parse(b), null, 2);
    } catch {
      return b;
    }
  };
  return `<details class="s${String(ex.status)[0]}" data-seq="${ex.seq}"><summary><code>${h(ex.time)}</code> <strong>${h(ex.method)}</strong> ${h(ex.path)} → <strong>${ex.status}</strong>${ex.fault ? ` <span class="fault">fault ${h(ex.fault)}</span>` : ''}${ex.tokens?.length ? ` · ${ex.tokens.length} token${ex.tokens.length > 1 ? 's' : ''}` : ''}</summary>
<div class="pair"><div><p class="label">Request</p><pre>${h(`${ex.method} ${ex.path}\n${headers(ex.headers)}${ex.body ? `\n\n${ex.body}` : ''}`)}</pre></div>
<div><p class="label">Response</p><pre>${h(`${ex.status}\n${headers(ex.responseHeaders)}${ex.responseBody ? `\n\n${pretty(ex.responseBody)}` : ''}`)}</pre></div></div>
<div class="tokens"></div></details>`;
}

function redrawTokens(ex: Exchange): void {
  const box = document.querySelector(`#traffic-list details[data-seq="${ex.seq}"] .tokens`);
  if (box) box.innerHTML = ex.tokens?.length ? `<p class="label">Tokens, decoded</p>${ex.tokens.map((t) => tokenViewHtml(t, clockSeconds)).join('')}` : '';
}

function addExchange(ex: Exchange): void {
  if (exchanges.has(ex.seq)) return;
  exchanges.set(ex.seq, ex);
  const li = document.createElement('li');
  li.dataset.search = `${ex.method} ${ex.path} ${ex.status}`.toLowerCase();
  li.innerHTML = exchangeHtml(ex);
  $('#traffic-list').prepend(li);
  redrawTokens(ex);
  filterTraffic();
}

function filterTraffic(): void {
  const q = $<HTMLInputElement>('#traffic-filter').value.trim().toLowerCase();
  let shown = 0;
  for (const li of document.querySelectorAll<HTMLLIElement>('#traffic-list > li')) {
    li.hidden = Boolean(q) && !li.dataset.search!.includes(q);
    if (!li.hidden) shown++;
  }
  $('#traffic-count').textContent = `${shown} of ${exchanges.size} exchanges`;
}
$('#traffic-filter').addEventListener('input', filterTraffic);
$('#clear-traffic').addEventListener('click', () => change('Recorded traffic cleared.', () => api('DELETE', '/requests')));

async function loadTraffic(): Promise<void> {
  exchanges.clear();
  $('#traffic-list').replaceChildren();
  const { requests } = await api<{ requests: Exchange[] }>('GET', '/requests');
  for (const ex of requests) addExchange(ex);
  filterTraffic();
}

// ---- tokens
let minted: { token: string; views: TokenView[] } | undefined;
function redrawMinted(): void {
  if (!minted) return;
  $('#minted').innerHTML = `<label>Access token (copy it into your request) <textarea readonly rows="3">${h(minted.token)}</textarea></label>${minted.views.map((v) => tokenViewHtml(v, clockSeconds)).join('')}`;
}
$('#mint-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const f = new FormData(e.target as HTMLFormElement);
  const req: Record<string, unknown> = {};
  for (const k of ['sub', 'clientId']) if (f.get(k)) req[k] = f.get(k);
  if (f.get('scope')) req.scope = String(f.get('scope')).split(/\s+/).filter(Boolean);
  if (f.get('expiresIn') !== '') req.expiresIn = Number(f.get('expiresIn'));
  void change('Token minted.', async () => {
    const r = await api<{ access_token: string }>('POST', '/tokens', req);
    // The mint call is not recorded traffic; its token is shown from the reply (decoded the same way).
    minted = { token: r.access_token, views: await decodeHere(r.access_token) };
    redrawMinted();
  });
});
$('#revoke-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const token = String(new FormData(e.target as HTMLFormElement).get('token')).trim();
  void change('Revocation sent.', async () => {
    const r = await api<{ revoked: boolean }>('POST', '/revoke', { token });
    $('#revoked').textContent = r.revoked ? 'revoked' : 'not a token this mock knows (nothing changed)';
  });
});

/** A token the page holds (one it minted): the mock decodes it and checks its signature, as for traffic. */
async function decodeHere(token: string): Promise<TokenView[]> {
  const { token: view } = await api<{ token?: TokenView }>('POST', '/decode', { token, where: 'minted access token' });
  return view ? [view] : [];
}

// ---- faults
async function loadFaults(): Promise<void> {
  const { faults } = await api<{ faults: (FaultRule & { id: string })[] }>('GET', '/faults');
  $('#fault-rows').innerHTML = faults.length
    ? faults
        .map(
          (f) =>
            `<tr><td><code>${h(f.id)}</code></td><td>${h(f.method ?? 'any')}</td><td>${h(f.path ?? 'any')}</td><td>${f.status === undefined ? 'the real answer' : h(String(f.status))}${f.delayMs ? ` after ${f.delayMs} ms` : ''}</td><td>${f.times ?? 'until removed'}</td><td><button type="button" data-remove="${h(f.id)}">Remove ${h(f.id)}</button></td></tr>`,
        )
        .join('')
    : '<tr><td colspan="6">No rules: every request gets its real answer.</td></tr>';
  for (const b of document.querySelectorAll<HTMLButtonElement>('[data-remove]')) b.addEventListener('click', () => change(`Rule ${b.dataset.remove} removed.`, () => api('DELETE', `/faults/${encodeURIComponent(b.dataset.remove!)}`)));
}
$('#fault-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const f = new FormData(e.target as HTMLFormElement);
  const rule: Record<string, unknown> = { path: f.get('path'), status: Number(f.get('status')) };
  if (f.get('method')) rule.method = f.get('method');
  if (f.get('times')) rule.times = Number(f.get('times'));
  if (f.get('delayMs')) rule.delayMs = Number(f.get('delayMs'));
  const body = String(f.get('body') ?? '').trim();
  if (body) {
    try {
      rule.body = JSON.parse(body) as unknown;
    } catch {
      rule.body = body;
    }
  }
  void change(`Rule added for ${String(rule.method ?? 'any method')} ${String(rule.path)}.`, () => api('POST', '/faults', rule));
});

// ---- clients and users
async function loadClients(): Promise<void> {
  const { clients } = await api<{ clients: { clientId: string; source: string; clientSecret?: string; grants?: string[]; redirectUris?: string[] }[] }>('GET', '/clients');
  $('#client-rows').innerHTML = clients
    .map((c) => `<tr><td><code>${h(c.clientId)}</code></td><td>${h(c.source)}</td><td>${c.clientSecret ? `<code>${h(c.clientSecret)}</code>` : 'public'}</td><td>${h((c.grants ?? ['all']).join(', '))}</td><td>${h((c.redirectUris ?? []).join(' '))}</td></tr>`)
    .join('');
}
$('#client-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const f = new FormData(e.target as HTMLFormElement);
  const client: Record<string, unknown> = { clientId: f.get('clientId') };
  if (f.get('clientSecret')) client.clientSecret = f.get('clientSecret');
  const grants = String(f.get('grants') ?? '').split(',').map((g) => g.trim()).filter(Boolean);
  if (grants.length) client.grants = grants;
  const uris = String(f.get('redirectUris') ?? '').split(/\s+/).filter(Boolean);
  if (uris.length) client.redirectUris = uris;
  void change(`Client ${String(client.clientId)} added.`, () => api('POST', '/clients', client));
});
async function loadUsers(): Promise<void> {
  const { users } = await api<{ users: { username: string; source: string; claims: Record<string, unknown> }[] }>('GET', '/users');
  $('#user-rows').innerHTML = users.map((u) => `<tr><td><code>${h(u.username)}</code></td><td>${h(u.source)}</td><td><code>${h(JSON.stringify(u.claims))}</code></td></tr>`).join('');
}
$('#user-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const f = new FormData(e.target as HTMLFormElement);
  const user: Record<string, unknown> = { username: f.get('username'), password: f.get('password') };
  const claims = String(f.get('claims') ?? '').trim();
  void change(`User ${String(user.username)} added.`, () => {
    if (claims) user.claims = JSON.parse(claims) as unknown;
    return api('POST', '/users', user);
  });
});

// ---- live events: a fetch stream (an EventSource cannot send the admin token)
async function follow(): Promise<void> {
  for (;;) {
    try {
      const res = await fetch('/__admin/events', { headers: adminToken ? { 'x-admin-token': adminToken } : {} });
      if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
      $('#connection').textContent = 'live';
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const type = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (type && data) await onEvent(type, JSON.parse(data) as Record<string, unknown>);
        }
      }
    } catch {
      // the mock stopped or restarted: say so and try again
    }
    $('#connection').textContent = 'disconnected; retrying';
    await new Promise((r) => setTimeout(r, 2000));
  }
}

async function onEvent(type: string, data: Record<string, unknown>): Promise<void> {
  if (type === 'exchange') {
    const ex = data as unknown as Exchange;
    addExchange(ex);
    // A rule answered: it may have used up its times.
    if (ex.fault) await loadFaults();
    return;
  }
  const what = data.what;
  if (what === 'clock') await refreshClock();
  else if (what === 'faults') await loadFaults();
  else if (what === 'clients') await loadClients();
  else if (what === 'users') await loadUsers();
  else if (what === 'reset') await loadAll();
}

async function loadAll(): Promise<void> {
  await Promise.all([refreshClock(), loadTraffic(), loadFaults(), loadClients(), loadUsers()]);
}

$('#admin-token-form').addEventListener('submit', (e) => {
  e.preventDefault();
  adminToken = String(new FormData(e.target as HTMLFormElement).get('token'));
  sessionStorage.setItem('oauth-conformance-admin-token', adminToken);
  $('#admin-token-form').hidden = true;
  void start();
});

let following = false;
async function start(): Promise<void> {
  try {
    // Follow first, then load: an exchange recorded in between arrives by both and is kept once.
    if (!following) {
      following = true;
      void follow();
    }
    await loadAll();
    say('');
    document.body.dataset.ready = 'true';
  } catch (e) {
    say((e as Error).message);
  }
}
void start();
