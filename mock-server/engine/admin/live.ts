// The admin surface's live feed (the dashboard's traffic and state), as server-sent events
// (HTML Living Standard §9.2): each exchange as it is recorded, and `state` when the clock, the fault
// rules, the clients or users, or the store change, so an open page never polls.
import type { RecordedExchange } from './recorder.ts';

export type LiveEvent = { type: 'exchange'; exchange: RecordedExchange } | { type: 'state'; what: 'clock' | 'faults' | 'clients' | 'users' | 'reset' | 'tokens' };

export interface Live {
  publish(event: LiveEvent): void;
  subscribe(listener: (event: LiveEvent) => void): () => void;
  /** Whether anyone listens (recording skips the work for nobody). */
  watched(): boolean;
}

export function createLive(): Live {
  const listeners = new Set<(event: LiveEvent) => void>();
  return {
    publish(event) {
      for (const l of listeners) l(event);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    watched: () => listeners.size > 0,
  };
}

/** One event in the text/event-stream format; data is JSON on one line, so no line of it can end the event. */
export function sseEvent(event: LiveEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event.type === 'exchange' ? event.exchange : { what: event.what })}\n\n`;
}
