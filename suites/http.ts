// The checks' HTTP client: every exchange is kept (secrets redacted) as the evidence of the check.
import { test } from '@playwright/test';
import { fingerprint, redactBody, redactHeader } from '../lib/redact.ts';
import { encodeRequest, type Send } from './request.ts';
import { findTokens, tokenViewsUnchecked, type TokenView } from '../lib/token-view.ts';

export interface Reply {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** The body parsed as JSON, or undefined. */
  body: Record<string, unknown> | undefined;
  url: string;
}

export interface Exchange {
  request: { method: string; url: string; headers: Record<string, string>; body?: string };
  response?: { status: number; headers: Record<string, string>; body: string };
  error?: string;
  /** The JWTs it carried, decoded (the report pages show them). */
  tokens?: TokenView[];
}

/** Reads every reply as it arrives (suites/checks/observed.ts); what it returns is kept with the exchange that showed it. */
export type Observer = (reply: Reply, sent: { method: string; send: Send }) => Promise<{ check: string; problem?: string }[]>;

export interface Observed {
  check: string;
  problem?: string;
  /** The exchange that showed a problem (redacted as all evidence is). */
  exchange?: Exchange;
}

export class Http {
  readonly exchanges: Exchange[] = [];
  /** What the observer saw in this test's replies. */
  readonly observed: Observed[] = [];
  observer: Observer | undefined;
  /** Secrets seen in this test (tokens received), fingerprinted wherever they appear in evidence. */
  private readonly secrets = new Set<string>();

  remember(secret: string | undefined): void {
    if (secret && secret.length >= 8) this.secrets.add(secret);
  }

  async send(method: string, url: string, s: Send = {}, label?: string): Promise<Reply> {
    const { headers, body } = encodeRequest(s, { accept: 'application/json' });
    return test.step(label ?? `${method} ${new URL(url).pathname}`, async () => {
      const ex: Exchange = { request: { method, url: this.scrub(url), headers: this.scrubHeaders(headers), ...(body !== undefined ? { body: this.scrub(redactBody(body, headers['content-type'] ?? '')) } : {}) } };
      this.exchanges.push(ex);
      let res: Response;
      try {
        res = await fetch(url, { method, headers, redirect: 'manual', signal: AbortSignal.timeout(15_000), ...(body !== undefined ? { body } : {}) });
      } catch (e) {
        ex.error = (e as Error).message;
        throw new Error(`${method} ${url}: ${(e as Error).message}`);
      }
      const text = await res.text();
      const h: Record<string, string> = {};
      res.headers.forEach((v, k) => (h[k] = v));
      let parsed: Record<string, unknown> | undefined;
      try {
        const v = JSON.parse(text) as unknown;
        parsed = v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
      } catch {
        parsed = undefined;
      }
      for (const k of ['access_token', 'refresh_token', 'id_token']) if (typeof parsed?.[k] === 'string') this.remember(parsed[k] as string);
      ex.response = { status: res.status, headers: this.scrubHeaders(h), body: this.scrub(redactBody(text, h['content-type'] ?? '')) };
      const tokens = tokenViewsUnchecked(findTokens({ headers, body: body ?? '', query: new URL(url).search.slice(1) }, { headers: h, body: text }));
      if (tokens.length) ex.tokens = tokens;
      const reply = { status: res.status, headers: h, text, body: parsed, url };
      for (const o of (await this.observer?.(reply, { method, send: s })) ?? []) this.observed.push({ ...o, ...(o.problem ? { exchange: ex } : {}) });
      return reply;
    });
  }

  /**
   * What a browser did, as evidence beside the HTTP exchanges: the request it was sent with and where
   * it ended (a page's status and text, or the URL it was redirected to), secrets fingerprinted.
   */
  browserStep(request: { method: string; url: string; body?: string }, ended: { status: number; location?: string; text?: string }): void {
    this.exchanges.push({
      request: { method: request.method, url: this.scrub(request.url), headers: { 'x-oauth-conformance': 'sent by the browser' }, ...(request.body !== undefined ? { body: this.scrub(request.body) } : {}) },
      response: { status: ended.status, headers: ended.location ? { location: this.scrub(ended.location) } : {}, body: this.scrub((ended.text ?? '').slice(0, 500)) },
    });
  }

  private scrubHeaders(h: Record<string, string>): Record<string, string> {
    return Object.fromEntries(Object.entries(h).map(([k, v]) => [k, this.scrub(redactHeader(k, v))]));
  }

  private scrub(text: string): string {
    let out = text;
    for (const s of this.secrets) if (out.includes(s)) out = out.split(s).join(fingerprint(s));
    return out;
  }
}
