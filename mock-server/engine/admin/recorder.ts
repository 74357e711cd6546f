// Keeps the last requests and responses (redacted) for client checks and for debugging a test.
import { redactBody, redactHeaders, redactUrl, type RedactOptions } from '../../../lib/redact.ts';
import type { ResolvedProfile } from '../../../lib/resolved-profile.ts';
import type { Call, Reply } from '../core/call.ts';
import { findTokens, tokenViews, tokenViewsUnchecked, type FoundToken, type TokenView } from '../../../lib/token-view.ts';

export interface RecordedExchange {
  seq: number;
  /** Engine-clock time of the request, ISO 8601. */
  time: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  status: number;
  responseHeaders: Record<string, string>;
  responseBody: string;
  /** A fault rule answered instead of the real endpoint. */
  fault?: string;
  /** The JWTs the exchange carried, decoded (signature `not-checked` here; `Admin.traffic()` checks it). */
  tokens?: TokenView[];
}

/** Told of each exchange as it is recorded (the dashboard's live traffic). */
export type ExchangeListener = (exchange: RecordedExchange, found: FoundToken[]) => void;

export interface Recorder {
  list(): RecordedExchange[];
  clear(): void;
  record(call: Call, reply: Reply, time: number, fault?: string): void;
  /** The list with each token's signature checked by `verify`. */
  listVerified(verify: (token: string) => Promise<boolean>): Promise<RecordedExchange[]>;
  /** Calls `listener` with every exchange recorded from now on; returns the unsubscribe. */
  subscribe(listener: ExchangeListener): () => void;
}

interface Raw {
  seq: number;
  call: Call;
  reply: Reply;
  time: number;
  fault: string | undefined;
}

/** The field names that carry secrets in this profile's requests, beyond the RFC names. */
export function profileSecretFields(p: Pick<ResolvedProfile, 'grants' | 'registration' | 'mock'>): Set<string> {
  const names = p.grants.flatMap((g) => [g.fields.clientSecret, g.fields.password, g.fields.apiKey, g.fields.refreshToken, g.fields.code, g.fields.codeVerifier]);
  if (p.registration) names.push(p.registration.fields.password);
  if (p.mock.loginPage?.passwordField) names.push(p.mock.loginPage.passwordField);
  return new Set(names.map((n) => n.toLowerCase()));
}

/**
 * Recording is a push of references; redaction happens when someone reads the list. Nothing secret
 * leaves in any form: known fields are fingerprinted in query, form, JSON, multipart and redirect
 * URLs, and a body of any other encoding is kept only as its size.
 */
export function createRecorder(limit = 1000, secretFields: ReadonlySet<string> = new Set()): Recorder {
  const o: RedactOptions = { fields: secretFields, unknown: 'drop' };
  let items: Raw[] = [];
  let seq = 0;
  const listeners = new Set<ExchangeListener>();
  return {
    list: () => items.map((r) => redacted(r, tokenViewsUnchecked(found(r)))),
    listVerified: (verify) => Promise.all(items.map(async (r) => redacted(r, await tokenViews(found(r), verify)))),
    clear: () => {
      items = [];
    },
    record(call, reply, time, fault) {
      const raw = { seq: ++seq, call, reply, time, fault };
      items.push(raw);
      if (items.length > limit * 2) items = items.slice(items.length - limit);
      // Redaction costs only when someone watches.
      if (listeners.size) {
        const tokens = found(raw);
        const ex = redacted(raw, tokenViewsUnchecked(tokens));
        for (const l of listeners) l(ex, tokens);
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  function found(r: Raw): FoundToken[] {
    return findTokens({ headers: r.call.headers, body: r.call.body, query: r.call.query }, { headers: r.reply.headers, body: r.reply.body ?? '' });
  }
  function redacted(r: Raw, tokens: TokenView[]): RecordedExchange {
    return {
      seq: r.seq,
      time: new Date(r.time).toISOString(),
      method: r.call.method,
      path: redactUrl(new URL(`${r.call.origin}${r.call.path}${r.call.query ? `?${r.call.query}` : ''}`), o),
      headers: redactHeaders(r.call.headers, o),
      body: redactBody(r.call.body, r.call.headers['content-type'] ?? '', o),
      status: r.reply.status,
      responseHeaders: redactHeaders(r.reply.headers, o),
      responseBody: redactBody(r.reply.body ?? '', r.reply.headers['content-type'] ?? '', o),
      ...(r.fault ? { fault: r.fault } : {}),
      ...(tokens.length ? { tokens } : {}),
    };
  }
}
