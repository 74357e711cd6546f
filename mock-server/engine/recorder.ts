// Keeps the last requests and responses (redacted) for client checks and for debugging a test.
import { redactBody, redactHeaders, redactUrl } from '../../lib/redact.ts';

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
}

export interface Recorder {
  list(): RecordedExchange[];
  clear(): void;
  record(request: Request, requestBody: string, response: Response, responseBody: string, time: number, fault?: string): void;
}

interface Raw {
  seq: number;
  request: Request;
  requestBody: string;
  response: Response;
  responseBody: string;
  time: number;
  fault: string | undefined;
}

/** Recording is a push of references; redaction happens when someone reads the list. */
export function createRecorder(limit = 1000): Recorder {
  let items: Raw[] = [];
  let seq = 0;
  return {
    list: () => items.map(redacted),
    clear: () => {
      items = [];
    },
    record(request, requestBody, response, responseBody, time, fault) {
      items.push({ seq: ++seq, request, requestBody, response, responseBody, time, fault });
      if (items.length > limit * 2) items = items.slice(items.length - limit);
    },
  };
  function redacted(r: Raw): RecordedExchange {
    return {
      seq: r.seq,
      time: new Date(r.time).toISOString(),
      method: r.request.method,
      path: redactUrl(new URL(r.request.url)),
      headers: redactHeaders(r.request.headers),
      body: redactBody(r.requestBody, r.request.headers.get('content-type') ?? ''),
      status: r.response.status,
      responseHeaders: redactHeaders(r.response.headers),
      responseBody: redactBody(r.responseBody, r.response.headers.get('content-type') ?? ''),
      ...(r.fault ? { fault: r.fault } : {}),
    };
  }
}
