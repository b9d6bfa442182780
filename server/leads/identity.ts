/**
 * Who a caller is, by how it was proven. The caller ID (the number Twilio connected) is verified by the
 * phone network; a name, an e-mail or a number the caller speaks is only a claim. A claim never replaces
 * what an existing lead already says, and never joins a call to a lead the caller ID does not reach: both
 * are how a caller would take over someone else's lead and, through the sync, their CRM contact. What was
 * claimed is kept as a note (in the summary, which also reaches the CRM) so nobody loses it.
 */
import type { ExtractedLead } from './lead.schema.ts';

const same = (a: string | null | undefined, b: string | null | undefined) =>
  (a ?? '').trim().toLowerCase() === (b ?? '').trim().toLowerCase();

const withNotes = (next: ExtractedLead, notes: string[]): ExtractedLead =>
  notes.length ? { ...next, summary: [next.summary, ...notes].filter(Boolean).join(' ') } : next;

/**
 * A call matched to an existing lead by its caller ID: a spoken name or e-mail that differs from the lead's
 * own is noted, not written (an empty field on the lead is filled, as before).
 */
export function keepVerifiedIdentity(
  existing: { name: string | null; email: string | null },
  next: ExtractedLead,
): ExtractedLead {
  const notes: string[] = [];
  const out = { ...next };
  if (existing.email && next.email && !same(existing.email, next.email)) {
    notes.push(`Caller said their e-mail is ${next.email} (kept ${existing.email}).`);
    out.email = null;
  }
  if (existing.name && next.name && !same(existing.name, next.name)) {
    notes.push(`Caller said their name is ${next.name} (kept ${existing.name}).`);
    out.name = null;
  }
  return withNotes(out, notes);
}

/**
 * A spoken e-mail or number that belongs to another lead, which this caller ID never reached: a separate
 * lead, without the claimed identifier (it would merge the two in the CRM, which upserts by e-mail), and
 * flagged in its summary for a person to look at.
 */
export function withoutClaimedIdentity(
  next: ExtractedLead,
  claimed: 'email' | 'phone',
  callerId: string | null,
): ExtractedLead {
  const value = claimed === 'email' ? next.email : next.phone;
  const note =
    `Identity not verified: caller said their ${claimed === 'email' ? 'e-mail' : 'number'} is ${value}, ` +
    `which another lead has; not merged (the call came from ${callerId ?? 'a withheld number'}).`;
  const out: ExtractedLead = claimed === 'email' ? { ...next, email: null } : { ...next, phone: callerId };
  return withNotes(out, [note]);
}
