/**
 * The one HTML escaper of report.html, in a file of its own so that the page
 * and its charts share it without importing each other.
 */

/**
 * Escapes text for HTML element content and quoted attribute values
 * (`& < > " '`). The one escaper of report.html: every applicant string
 * passes through it.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
}

const HTML_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
