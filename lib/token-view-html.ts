// One decoded-token view for every page that shows tokens (the report page of a run, check-client's
// evidence, the mock's dashboard): the same words, so a token reads the same wherever it is met.
// Imports nothing that needs Node: the dashboard's browser bundle uses it too.
import type { TokenView } from '../generated/types/index.ts';
import { escapeHtml as h } from './html.ts';

const signatureWords: Record<TokenView['signature'], string> = {
  verified: 'signature verified with the mock’s key',
  invalid: 'signature does NOT verify with the mock’s key',
  'not-checked': 'signature not checked here',
};

const when = (v: unknown): string | undefined => (typeof v === 'number' && Number.isFinite(v) && Math.abs(v) < 253402300799 ? new Date(v * 1000).toISOString().replace('.000Z', 'Z') : undefined);

function span(seconds: number): string {
  const s = Math.abs(Math.round(seconds));
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 172800) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86400)} days`;
}

/** Whether the token has expired at `now` (epoch seconds); undefined without `exp` (RFC 7519 §4.1.4). */
export function tokenExpired(view: TokenView, now: number): boolean | undefined {
  const exp = (view.claims as Record<string, unknown>).exp;
  return typeof exp === 'number' ? now >= exp : undefined;
}

/**
 * The view as HTML. `now` (epoch seconds, the mock's clock on the dashboard) says whether the token
 * has expired; without it the times are shown as they are.
 */
export function tokenViewHtml(view: TokenView, now?: number): string {
  const claims = view.claims as Record<string, unknown>;
  const times = [
    when(claims.iat) && `issued ${when(claims.iat)}`,
    when(claims.nbf) && `not before ${when(claims.nbf)}`,
    when(claims.exp) && `expires ${when(claims.exp)}`,
  ].filter(Boolean);
  const expired = now === undefined ? undefined : tokenExpired(view, now);
  const state =
    expired === undefined || typeof claims.exp !== 'number'
      ? ''
      : expired
        ? `<strong class="expired">expired ${span(now! - claims.exp)} ago</strong>`
        : `<span class="live">valid for ${span(claims.exp - now!)} more</span>`;
  return `<section class="token" data-fingerprint="${h(view.fingerprint)}" data-expired="${expired === undefined ? '' : String(expired)}">
<p class="token-head"><strong>${h(view.where)}</strong> <code>${h(view.fingerprint)}</code> · <span class="sig sig-${view.signature}">${signatureWords[view.signature]}</span></p>
${times.length || state ? `<p class="token-times">${h(times.join(' · '))}${state ? ` · ${state}` : ''}</p>` : ''}
<div class="pair"><div><p class="label">Header</p><pre>${h(JSON.stringify(view.header, null, 2))}</pre></div><div><p class="label">Claims</p><pre>${h(JSON.stringify(view.claims, null, 2))}</pre></div></div>
</section>`;
}

export const tokenViewStyle = `
.token{border:1px dashed #999;border-radius:4px;padding:.3rem .6rem;margin:.4rem 0}
.token-head,.token-times{margin:.1rem 0}.sig-verified{color:#1b6e2a}.sig-invalid{color:#b00020;font-weight:600}.sig-not-checked{color:#555}
.expired{color:#b00020}.live{color:#1b6e2a}
`;
