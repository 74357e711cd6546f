// Login, consent and error pages: plain accessible HTML (labelled fields, real buttons, keyboard
// usable), no external assets. Every interpolated value is escaped.
import { text, type Reply } from './call.ts';
import { escapeHtml } from '../../../lib/html.ts';
import type { Client } from '../../../generated/types/index.ts';
import type { EngineContext } from './context.ts';

const style = `body{font:16px/1.5 system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#1a1a1a}
label{display:block;margin-top:1rem;font-weight:600}input{display:block;width:100%;padding:.5rem;font:inherit;box-sizing:border-box}
button{margin-top:1.25rem;margin-right:.5rem;padding:.5rem 1rem;font:inherit;cursor:pointer}
button:focus,input:focus{outline:3px solid #1f6feb;outline-offset:2px}[role=alert]{color:#b00020;font-weight:600}
ul{padding-left:1.25rem}`;

function page(title: string, body: string, status = 200, headers: Record<string, string> = {}): Reply {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${style}</style></head><body><main>${body}</main></body></html>`;
  return text(status, html, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'x-frame-options': 'DENY', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'", ...headers });
}

export interface LoginLabels {
  title: string;
  usernameField: string;
  usernameLabel: string;
  passwordField: string;
  passwordLabel: string;
  submitLabel: string;
}

export function loginPage(action: string, pending: string, clientName: string, labels: LoginLabels, error?: string): Reply {
  return page(
    labels.title,
    `<h1>${escapeHtml(labels.title)}</h1>
<p>${escapeHtml(clientName)} asks you to sign in.</p>
${error ? `<p role="alert" id="login-error">${escapeHtml(error)}</p>` : ''}
<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="pending" value="${escapeHtml(pending)}"><input type="hidden" name="step" value="login">
<label for="${escapeHtml(labels.usernameField)}">${escapeHtml(labels.usernameLabel)}</label>
<input id="${escapeHtml(labels.usernameField)}" name="${escapeHtml(labels.usernameField)}" autocomplete="username" required autofocus>
<label for="${escapeHtml(labels.passwordField)}">${escapeHtml(labels.passwordLabel)}</label>
<input id="${escapeHtml(labels.passwordField)}" name="${escapeHtml(labels.passwordField)}" type="password" autocomplete="current-password" required>
<button type="submit">${escapeHtml(labels.submitLabel)}</button>
</form>`,
    error ? 401 : 200,
  );
}

export function consentPage(action: string, pending: string, clientName: string, user: string, scopes: string[]): Reply {
  return page(
    'Allow access?',
    `<h1>Allow access?</h1>
<p>Signed in as <strong>${escapeHtml(user)}</strong>.</p>
<p><strong>${escapeHtml(clientName)}</strong> asks for:</p>
<ul>${scopes.length ? scopes.map((s) => `<li>${escapeHtml(s)}</li>`).join('') : '<li>basic access</li>'}</ul>
<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="pending" value="${escapeHtml(pending)}"><input type="hidden" name="step" value="consent">
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form>`,
  );
}

/** Shown instead of redirecting when the redirect target itself cannot be trusted (RFC 6749 §4.1.2.1). */
export function errorPage(error: string, description: string, status = 400): Reply {
  return page('Authorization error', `<h1>Authorization error</h1><p role="alert"><code id="error">${escapeHtml(error)}</code>: <span id="error-description">${escapeHtml(description)}</span></p><p>You were not redirected, because the request could not be trusted.</p>`, status);
}

/** RP-Initiated Logout 1.0 §2: asks before ending a session that no ID Token vouches for. */
export function logoutConfirmPage(action: string, fields: Record<string, string>): Reply {
  const hidden = Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('');
  return page(
    'Sign out?',
    `<h1>Sign out?</h1><p>An application asks to end your session with this provider.</p>
<form method="post" action="${escapeHtml(action)}">${hidden}<input type="hidden" name="confirm" value="yes">
<button type="submit">Sign out</button>
</form>`,
  );
}

export function signedOutPage(): Reply {
  return page('Signed out', '<h1>Signed out</h1><p role="status">You are signed out of this provider.</p>');
}

/**
 * RFC 8628 §3.3: the verification page. The user types (or, from `verification_uri_complete`, finds
 * filled in) the code their device shows, signs in, and allows or denies, on one keyboard-usable form.
 */
export function devicePage(action: string, userCode: string, labels: LoginLabels, filled: boolean, error?: string, status = 200, headers: Record<string, string> = {}): Reply {
  return page(
    'Connect a device',
    `<h1>Connect a device</h1>
${error ? `<p role="alert" id="device-error">${escapeHtml(error)}</p>` : ''}
<form method="post" action="${escapeHtml(action)}">
<label for="user_code">Code shown on your device</label>
<input id="user_code" name="user_code" value="${escapeHtml(userCode)}" autocomplete="one-time-code" autocapitalize="characters" spellcheck="false" required${filled ? '' : ' autofocus'}>
${filled ? '<p>Check that this code matches the one on your device.</p>' : ''}
<label for="${escapeHtml(labels.usernameField)}">${escapeHtml(labels.usernameLabel)}</label>
<input id="${escapeHtml(labels.usernameField)}" name="${escapeHtml(labels.usernameField)}" autocomplete="username" required${filled ? ' autofocus' : ''}>
<label for="${escapeHtml(labels.passwordField)}">${escapeHtml(labels.passwordLabel)}</label>
<input id="${escapeHtml(labels.passwordField)}" name="${escapeHtml(labels.passwordField)}" type="password" autocomplete="current-password" required>
<button type="submit" name="decision" value="allow">Allow the device</button>
<button type="submit" name="decision" value="deny" formnovalidate>Deny</button>
</form>`,
    status,
    headers,
  );
}

/** After the decision: the user goes back to the device. */
export function deviceDonePage(allowed: boolean, clientName: string): Reply {
  return page(
    allowed ? 'Device connected' : 'Device not connected',
    `<h1>${allowed ? 'Device connected' : 'Device not connected'}</h1>
<p role="status">${allowed ? `${escapeHtml(clientName)} can now use your account. Return to your device.` : `You denied ${escapeHtml(clientName)}. You can close this window.`}</p>`,
  );
}

export function clientName(c: Client): string {
  return c.description ? `${c.clientId} (${c.description})` : c.clientId;
}

/** The login form's words and field names: the profile's (mock.loginPage), else plain ones. */
export function loginLabels(ctx: EngineContext): LoginLabels {
  const l = ctx.profile.mock.loginPage ?? {};
  return {
    title: l.title ?? `Sign in to ${ctx.profile.title}`,
    usernameField: l.usernameField ?? 'username',
    usernameLabel: l.usernameLabel ?? 'Username',
    passwordField: l.passwordField ?? 'password',
    passwordLabel: l.passwordLabel ?? 'Password',
    submitLabel: l.submitLabel ?? 'Sign in',
  };
}
