import type { ExtractedLead, TranscriptTurn } from '../../lead.schema.ts';
import type { CallKind } from './classify.ts';
import { callerTurns } from './text.ts';

const GREETING =
  /^(?:(?:hi|hello|hey|hiya|yes|yeah|yep|oh|um|uh|so|well|good (?:morning|afternoon|evening))\b[\s,.!-]*)+/i;
const SUBSTANCE =
  /\b(need|want|would like|i'?d like|looking|wondering|calling|got|have|had|there'?s|my|our|book|schedule|broke|leak|problem|issue|was|is)\b/i;

function sentenceCase(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max);
  return cut.slice(0, Math.max(cut.lastIndexOf(' '), max - 20)).replace(/[\s,;:-]+$/, '') + '…';
}

/** Why the caller called, in their own words: the first caller turn that says something of substance. */
export function extractReason(turns: TranscriptTurn[]): string | null {
  for (const t of callerTurns(turns)) {
    const text = t.text.replace(GREETING, '').trim();
    if (text.split(/\s+/).length < 4 || !SUBSTANCE.test(text)) continue;
    return clip(sentenceCase(text.replace(/\s+/g, ' ')), 200);
  }
  return null;
}

const KIND_SUMMARY: Record<Exclude<CallKind, 'lead'>, string> = {
  spam: 'Spam or robocall; no lead.',
  'wrong-number': 'Wrong number; no lead.',
  vendor: 'Vendor or sales call to the business; no lead.',
  declined: 'Caller left no details or need; no lead.',
  silent: 'Caller said nothing usable; no lead.',
  'existing-client': 'Existing client about work already booked or done; no new lead.',
};

/** A one-paragraph note for the business and the CRM, built from the fields (never from raw digits). */
export function buildSummary(kind: CallKind, lead: Omit<ExtractedLead, 'summary'>): string {
  if (kind !== 'lead') return KIND_SUMMARY[kind];
  const who = lead.name ?? 'Caller';
  const about = lead.service ? ` about ${lead.service}` : '';
  const parts = [
    `${who} called${about}${lead.urgency && lead.urgency !== 'normal' ? ` (${lead.urgency} urgency)` : ''}.`,
  ];
  if (lead.reason) parts.push(`Said: "${clip(lead.reason, 160)}"`);
  if (lead.preferredTime) {
    parts.push(
      `Preferred time: ${lead.preferredTimeDateOnly ? lead.preferredTime.slice(0, 10) + ' (any time that day)' : lead.preferredTime}.`,
    );
  }
  if (lead.address) parts.push(`Address: ${lead.address}.`);
  const contact = [lead.phone, lead.email].filter(Boolean).join(', ');
  if (contact) parts.push(`Contact: ${contact}.`);
  return parts.join(' ');
}
