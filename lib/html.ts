// Text placed in HTML (the mock's pages, the suites' auto-submitting forms): the five characters that
// could end an attribute or start markup are escaped.
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
