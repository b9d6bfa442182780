import {
  type BusinessContext,
  type CallContext,
  type ExtractedLead,
  notALead,
  type TranscriptTurn,
} from '../../lead.schema.ts';
import { extractAddress } from './address.ts';
import { classifyCall } from './classify.ts';
import { extractCustomFields } from './custom-fields.ts';
import { daysToDeadline } from './deadline.ts';
import { extractPreferredTime } from './preferred-time.ts';
import { extractEmail } from './email.ts';
import { extractName } from './name.ts';
import { extractPhone } from './phone.ts';
import { chooseService } from './service.ts';
import { buildSummary, extractReason } from './summary.ts';
import { callerText } from './text.ts';
import { localDateTime, type LocalDate } from '../../../time/zoned.ts';
import { answeredQuestions, classifyTemperature, classifyUrgency } from './urgency.ts';

/** Whole days from the call's local date to the preferred date (0 = same day), or null. */
export function daysUntil(
  preferredTime: string | null,
  calledAt: string,
  timeZone: string,
  today: LocalDate = localDateTime(new Date(calledAt), timeZone),
): number | null {
  if (!preferredTime) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(preferredTime);
  if (!m) return null;
  const diff = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!) - Date.UTC(today.year, today.month - 1, today.day);
  return Math.round(diff / 86_400_000);
}

/**
 * Deterministic extraction from a (redacted) transcript: no network, same input → same lead. Used when
 * no LLM is configured or the LLM call fails, and as the baseline the LLM is measured against.
 */
export function extractOffline(turns: TranscriptTurn[], business: BusinessContext, call: CallContext): ExtractedLead {
  const name = extractName(turns);
  const email = extractEmail(turns);
  const phone = extractPhone(turns, call, business);
  const kind = classifyCall(turns, { name, email, phoneGiven: phone !== null && phone !== call.from });
  const reason = extractReason(turns);
  if (kind !== 'lead') {
    const empty = notALead(reason);
    return { ...empty, summary: buildSummary(kind, empty) };
  }
  const text = callerText(turns);
  // The call's local date, worked out once: zone arithmetic is the costliest step of date handling.
  const today = localDateTime(new Date(call.calledAt), business.timezone);
  const { preferredTime, preferredTimeDateOnly } = extractPreferredTime(turns, business, call, today);
  const days = daysUntil(preferredTime, call.calledAt, business.timezone, today);
  const deadline = daysToDeadline(turns, business, call, today);
  const urgency = classifyUrgency(`${text}\n${answeredQuestions(turns)}`, days, deadline, {
    hour: today.hour,
    month: today.month,
  });
  const lead = {
    isLead: true,
    name,
    phone,
    email,
    reason,
    service: chooseService({
      turns,
      services: business.services,
      urgency,
      domain: `${business.name} ${business.industry ?? ''}`,
    }),
    urgency,
    temperature: classifyTemperature(text, urgency, days),
    preferredTime,
    preferredTimeDateOnly,
    address: extractAddress(turns),
    customFields: extractCustomFields(turns, business.captureFields),
  };
  return { ...lead, summary: buildSummary(kind, lead) };
}
