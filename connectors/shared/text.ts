/** Text helpers for mapping our records into vendor fields. Pure. */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/**
 * "Mary Ann O'Neil" → first "Mary Ann", last "O'Neil": CRMs sort and greet by these, and the last word is
 * the best guess for a family name in the markets we serve. One word is a first name only.
 */
export function splitName(name: string | null | undefined): { firstName: string | null; lastName: string | null } {
  const words = (name ?? '').trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return { firstName: null, lastName: null };
  if (words.length === 1) return { firstName: words[0] ?? null, lastName: null };
  return { firstName: words.slice(0, -1).join(' '), lastName: words[words.length - 1] ?? null };
}

/** Cuts `text` to at most `max` characters, marking the cut, so vendor length limits never reject a record. */
export function truncate(text: string, max: number, marker = '…'): string {
  if (text.length <= max) return text;
  return text.slice(0, Math.max(0, max - marker.length)) + marker;
}

/** "Campaign: Spring boiler check — interested": the line a campaign call's CRM record opens with. */
export function campaignLine(campaign: { name: string; outcome: string }): string {
  return `Campaign: ${campaign.name} — ${campaign.outcome.replace(/_/g, ' ')}`;
}
