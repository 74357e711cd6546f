// What the examples that put a library behind node:http write around it, as an app on Express would
// have it done for it: a page, escaping, the request body, and form fields as Express parses them.
import type { IncomingMessage } from 'node:http';

export const page = (body: string) => `<!doctype html><html><head><title>Sign in</title></head><body>${body}</body></html>`;
export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function readBody(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
}

/** As Express's urlencoded body parser does: a repeated field becomes an array (the library then sees both). */
export function parseForm(text: string): Record<string, string> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(text)) out[k] = k in out ? [...[out[k]!].flat(), v] : v;
  return out as Record<string, string>;
}
