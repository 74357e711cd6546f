// The dashboard's page at /__admin/ui: the markup (every control labelled, usable by keyboard) with the
// admin surface's CSRF token; the script (/__admin/ui/app.js, built from mock-server/dashboard/) fills
// it from the admin API and its live events. No CDN, no web font, nothing inline that runs.
import { escapeHtml as h } from '../../../lib/html.ts';
import { tokenViewStyle } from '../../../lib/token-view-html.ts';
import type { Reply } from '../core/call.ts';

// The page may load its own script and talk to its own origin, and may be framed by nobody.
const csp = "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export function dashboardPage(info: Record<string, unknown>, csrfToken: string): Reply {
  const title = `${String(info.title ?? info.profile ?? 'mock')}: oauth-conformance mock`;
  const body = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="csrf-token" content="${h(csrfToken)}">
<title>${h(title)}</title>
<style>${style}${tokenViewStyle}</style>
<script type="application/json" id="info">${JSON.stringify(info).replace(/</g, '\\u003c')}</script>
<script type="module" src="/__admin/ui/app.js"></script>
</head>
<body>
<header>
  <h1>${h(String(info.title ?? info.profile ?? ''))} <span class="muted">oauth-conformance mock</span></h1>
  <p>Profile <code>${h(String(info.profile ?? ''))}</code> · signs with <code>${h(String(info.alg ?? ''))}</code> · <span id="connection" role="status">connecting…</span></p>
  <div class="row clock" role="group" aria-labelledby="clock-h">
    <span id="clock-h">Mock time</span> <output id="clock" aria-live="polite">…</output>
    <button type="button" data-advance="60">+1 minute</button>
    <button type="button" data-advance="3600">+1 hour</button>
    <button type="button" data-advance="86400">+1 day</button>
    <form id="clock-form" class="inline"><label>Set to <input name="set" placeholder="2030-01-01T00:00:00Z" required></label> <button type="submit">Set clock</button></form>
    <button type="button" id="reset" title="Forgets tokens, codes, fault rules, recordings and clock changes; clients and users stay">Reset the mock</button>
  </div>
  <nav aria-label="Sections"><a href="#traffic">Traffic</a> <a href="#tokens">Tokens</a> <a href="#faults">Faults</a> <a href="#clients">Clients</a> <a href="#users">Users</a></nav>
</header>
<main>
<form id="admin-token-form" class="card" hidden>
  <h2>Admin token</h2>
  <p>This mock was started with an admin token. Enter it to use the dashboard (kept for this tab only).</p>
  <label>Admin token <input name="token" type="password" autocomplete="off" required></label>
  <button type="submit">Use token</button>
</form>
<p id="message" role="alert" class="message"></p>


<section id="traffic" class="card" aria-labelledby="traffic-h">
  <h2 id="traffic-h">Traffic</h2>
  <div class="row"><label>Filter <input id="traffic-filter" type="search" placeholder="path, method or status"></label> <button type="button" id="clear-traffic">Clear</button> <span id="traffic-count" class="muted"></span></div>
  <p class="muted">Newest first. Secrets, codes and tokens are fingerprinted; each JWT is shown decoded, its signature checked with the mock’s key and its expiry read on the mock’s clock.</p>
  <ol id="traffic-list" reversed></ol>
</section>

<section id="tokens" class="card" aria-labelledby="tokens-h">
  <h2 id="tokens-h">Tokens</h2>
  <form id="mint-form">
    <h3>Mint an access token</h3>
    <div class="grid">
      <label>Subject <input name="sub" placeholder="first user"></label>
      <label>Client id <input name="clientId" placeholder="first client"></label>
      <label>Scope (space-separated) <input name="scope"></label>
      <label>Expires in (seconds; 0 or less: already expired) <input name="expiresIn" type="number"></label>
    </div>
    <button type="submit">Mint</button>
  </form>
  <div id="minted" aria-live="polite"></div>
  <form id="revoke-form">
    <h3>Revoke a token</h3>
    <label>Token <textarea name="token" rows="2" required></textarea></label>
    <button type="submit">Revoke</button> <output id="revoked"></output>
  </form>
</section>

<section id="faults" class="card" aria-labelledby="faults-h">
  <h2 id="faults-h">Fault rules</h2>
  <table><caption>Rules in force: a matching request gets the rule’s answer instead of the real one.</caption>
    <thead><tr><th scope="col">Id</th><th scope="col">Method</th><th scope="col">Path</th><th scope="col">Answer</th><th scope="col">Times left</th><th scope="col"><span class="sr-only">Remove</span></th></tr></thead>
    <tbody id="fault-rows"></tbody></table>
  <form id="fault-form">
    <h3>Add a rule</h3>
    <div class="grid">
      <label>Method <select name="method"><option value="">any</option><option>GET</option><option selected>POST</option><option>PUT</option><option>DELETE</option></select></label>
      <label>Path (a trailing * matches a prefix) <input name="path" required placeholder="/token"></label>
      <label>Status <input name="status" type="number" min="100" max="599" value="503" required></label>
      <label>Times (empty: until removed) <input name="times" type="number" min="1" value="1"></label>
      <label>Delay (ms) <input name="delayMs" type="number" min="0"></label>
      <label class="wide">Body (JSON, or text) <textarea name="body" rows="2">{"error":"temporarily_unavailable"}</textarea></label>
    </div>
    <button type="submit">Add rule</button>
  </form>
</section>

<section id="clients" class="card" aria-labelledby="clients-h">
  <h2 id="clients-h">Clients</h2>
  <table><caption>Configured clients and those registered since (secrets shown as fingerprints).</caption>
    <thead><tr><th scope="col">Client id</th><th scope="col">From</th><th scope="col">Secret</th><th scope="col">Grants</th><th scope="col">Redirect URIs</th></tr></thead>
    <tbody id="client-rows"></tbody></table>
  <form id="client-form">
    <h3>Add a client</h3>
    <div class="grid">
      <label>Client id <input name="clientId" required></label>
      <label>Secret (empty: a public client) <input name="clientSecret" autocomplete="off"></label>
      <label>Grants (comma-separated; empty: all) <input name="grants" placeholder="authorization_code, refresh_token"></label>
      <label class="wide">Redirect URIs (one per line) <textarea name="redirectUris" rows="2"></textarea></label>
    </div>
    <button type="submit">Add client</button>
  </form>
</section>

<section id="users" class="card" aria-labelledby="users-h">
  <h2 id="users-h">Users</h2>
  <table><caption>Configured users and those added since (passwords are never shown).</caption>
    <thead><tr><th scope="col">Username</th><th scope="col">From</th><th scope="col">Claims</th></tr></thead>
    <tbody id="user-rows"></tbody></table>
  <form id="user-form">
    <h3>Add a user</h3>
    <div class="grid">
      <label>Username <input name="username" required autocomplete="off"></label>
      <label>Password <input name="password" type="password" required autocomplete="new-password"></label>
      <label class="wide">Claims (JSON object, optional) <textarea name="claims" rows="2"></textarea></label>
    </div>
    <button type="submit">Add user</button>
  </form>
</section>
</main>
</body>
</html>
`;
  return {
    status: 200,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': csp, 'x-frame-options': 'DENY', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' },
    body,
  };
}

const style = `
:root{color-scheme:light;--line:#ccc;--muted:#555;--accent:#1a56db}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#111;background:#f7f7f8}
header{background:#fff;border-bottom:1px solid var(--line);padding:.6rem 1.25rem;position:sticky;top:0;z-index:2}
.clock{margin:.3rem 0}.clock output{font-family:ui-monospace,monospace;font-weight:600}.clock button{margin-top:0}
header h1{margin:0;font-size:1.35rem}header p{margin:.2rem 0}nav a{margin-right:.8rem}
main{max-width:1200px;margin:0 auto;padding:1rem 1.25rem;display:grid;gap:1rem}
.card{background:#fff;border:1px solid var(--line);border-radius:6px;padding:.6rem 1rem}
h2{margin:.2rem 0 .5rem;font-size:1.15rem}h3{font-size:1rem;margin:.8rem 0 .3rem}
.muted{color:var(--muted);font-weight:400}.row{display:flex;flex-wrap:wrap;gap:.6rem;align-items:center}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(240px,1fr));gap:.5rem .8rem}.grid .wide{grid-column:1/-1}
label{display:flex;flex-direction:column;font-size:.9rem;gap:.15rem}.inline label,.row>label{flex-direction:row;align-items:center;gap:.4rem}
form.inline{display:inline-flex;gap:.4rem;align-items:center}
input,select,textarea,button{font:inherit;padding:.25rem .45rem;border:1px solid #888;border-radius:4px}
button{background:#eef2ff;cursor:pointer;margin-top:.3rem}button:hover{background:#dde5ff}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
table{border-collapse:collapse;width:100%;margin:.3rem 0}th,td{border:1px solid var(--line);padding:.25rem .5rem;text-align:left;vertical-align:top}caption{text-align:left;color:var(--muted)}
#traffic-list{list-style:none;padding:0;margin:.4rem 0;max-height:60vh;overflow:auto}
#traffic-list details{border:1px solid var(--line);border-left:5px solid #888;border-radius:4px;margin:.25rem 0;padding:.15rem .5rem}
#traffic-list details.s2{border-left-color:#1b6e2a}#traffic-list details.s3{border-left-color:#1a56db}#traffic-list details.s4{border-left-color:#8a5a00}#traffic-list details.s5{border-left-color:#b00020}
summary{cursor:pointer}.fault{background:#b00020;color:#fff;border-radius:3px;padding:0 .3em;font-size:.85em}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:.6rem}@media (max-width:800px){.pair{grid-template-columns:1fr}}
pre{margin:0;padding:.4rem;background:#f4f4f4;border:1px solid var(--line);overflow:auto;max-height:22rem;white-space:pre-wrap;word-break:break-all;font-size:.85em}
.label{margin:.4rem 0 .1rem;font-size:.85rem;font-weight:600}
.message:empty{display:none}.message{padding:.4rem .7rem;border-radius:4px;background:#fdecea;border:1px solid #b00020}.message.ok{background:#e8f5e9;border-color:#1b6e2a}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
textarea{width:100%}[hidden]{display:none!important}
`;
