/**
 * A dial's outcome from what Twilio said (final status, machine detection) and, for a conversation, from
 * the lead it produced; and what a target does next. Pure.
 */
import type { CampaignOutcome } from '../db/generated/enums.ts';

/** AnsweredBy values that mean a machine (DetectMessageEnd reports the end of its greeting). */
export const isMachine = (answeredBy: string | null | undefined) =>
  Boolean(answeredBy && (answeredBy.startsWith('machine') || answeredBy === 'fax'));

/** From the call's final Twilio status; null for a conversation whose lead decides (`fromLead`). */
export function outcomeOfStatus(status: string, answeredBy: string | null): CampaignOutcome | null {
  switch (status) {
    case 'busy':
      return 'busy';
    case 'no-answer':
    case 'canceled':
      return 'no_answer';
    case 'failed':
      return 'failed';
    case 'completed':
      if (answeredBy === 'fax') return 'invalid_number';
      return isMachine(answeredBy) ? 'voicemail' : null;
    default:
      return null;
  }
}

/** A conversation's outcome from its lead: a booked time, how warm the lead is, or just "connected". */
export function outcomeOfLead(p: {
  requestedStart: Date | null;
  lead: { temperature: string | null } | null;
}): CampaignOutcome {
  if (p.requestedStart) return 'booked';
  if (!p.lead) return 'connected';
  if (p.lead.temperature === 'Hot' || p.lead.temperature === 'Warm') return 'interested';
  if (p.lead.temperature === 'Cold') return 'not_interested';
  return 'connected';
}

/** Twilio REST error codes that say the number itself is wrong (not a passing failure). */
const INVALID_NUMBER_CODES = new Set([21211, 21214, 21217, 21401, 21407, 13223, 13224]);
export const isInvalidNumberError = (err: unknown) =>
  INVALID_NUMBER_CODES.has(Number((err as { code?: unknown })?.code));

const RETRYABLE: ReadonlySet<CampaignOutcome> = new Set(['no_answer', 'busy', 'failed']);

/** After an attempt: try again after the spacing (no answer, busy, failed, attempts left) or be done. */
export function nextStep(
  outcome: CampaignOutcome,
  attempts: number,
  c: { maxAttempts: number; retrySpacingMinutes: number },
  now: Date,
): { state: 'pending'; nextAttemptAt: Date } | { state: 'done' } {
  if (RETRYABLE.has(outcome) && attempts < c.maxAttempts)
    return { state: 'pending', nextAttemptAt: new Date(now.getTime() + c.retrySpacingMinutes * 60_000) };
  return { state: 'done' };
}
