// Keeps the last requests and responses (redacted) for client checks and for debugging a test.
import { redactBody, redactHeaders, redactUrl } from './redact.ts';

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

export function createRecorder(limit = 1000): Recorder {
  let items: RecordedExchange[] = [];
  let seq = 0;
  return {
    list: () => [...items],
    clear: () => {
      items = [];
    },
    record(request, requestBody, response, responseBody, time, fault) {
      const url = new URL(request.url);
      items.push({
        seq: ++seq,
        time: new Date(time).toISOString(),
        method: request.method,
        path: redactUrl(url),
        headers: redactHeaders(request.headers),
        body: redactBody(requestBody, request.headers.get('content-type') ?? ''),
        status: response.status,
        responseHeaders: redactHeaders(response.headers),
        responseBody: redactBody(responseBody, response.headers.get('content-type') ?? ''),
        ...(fault ? { fault } : {}),
      });
      if (items.length > limit) items = items.slice(items.length - limit);
    },
  };
}
