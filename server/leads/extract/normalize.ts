import { leadSchema, notALead, type BusinessContext, type CallContext, type ExtractedLead } from '../lead.schema.ts';
import { redactText } from '../redact.ts';
import { normalizeEmail } from './offline/email.ts';
import { defaultCountry, toE164 } from './offline/phone.ts';
import { snapService } from './offline/service.ts';
import { toZonedIso } from '../../time/zoned.ts';

/** A lead as a model (or any other source) might return it, before it meets our rules. */
export interface RawLead {
  isLead: boolean;
  name: string | null;
  phone: string | null;
  email: string | null;
  reason: string | null;
  service: string | null;
  urgency: ExtractedLead['urgency'];
  temperature: ExtractedLead['temperature'];
  /** Local wall time in the business's zone ("2026-03-10T14:00"), or any ISO 8601 instant. */
  preferredTime: string | null;
  preferredTimeDateOnly: boolean;
  address: string | null;
  summary: string;
  customFields: Record<string, string>;
}

function clean(s: string | null): string | null {
  if (s === null) return null;
  const t = s.trim();
  return t === '' || /^(null|none|n\/a|unknown)$/i.test(t) ? null : t;
}

/** Free text that is stored and sent on passes through redaction once more, whatever produced it. */
function scrub(s: string): string {
  return redactText(s).text;
}

/**
 * Puts a raw lead into the one lead shape: phone to E.164, e-mail lower-case, service snapped to the
 * business's list, preferred time with the business's offset, unknown capture-field keys dropped, and a
 * non-lead stripped of contact details. The result always passes `leadSchema`.
 */
export function normalizeLead(raw: RawLead, business: BusinessContext, call: CallContext): ExtractedLead {
  const country = defaultCountry(call, business);
  const allowedKeys = new Set((business.captureFields ?? []).map((f) => f.key));
  const customFields: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw.customFields)) {
    const value = clean(v);
    if (allowedKeys.has(k) && value) customFields[k] = scrub(value);
  }
  const preferredTime = clean(raw.preferredTime);
  const reason = clean(raw.reason);
  const summary = scrub(raw.summary.trim() || (reason ?? ''));
  if (!raw.isLead) {
    return leadSchema.parse({ ...notALead(reason && scrub(reason)), summary });
  }
  const name = clean(raw.name);
  const address = clean(raw.address);
  return leadSchema.parse({
    isLead: true,
    name: name && scrub(name),
    phone: toE164(clean(raw.phone), country),
    email: normalizeEmail(clean(raw.email)),
    reason: reason && scrub(reason),
    service: snapService(clean(raw.service), business.services),
    urgency: raw.urgency,
    temperature: raw.temperature,
    preferredTime: preferredTime ? toZonedIso(preferredTime, business.timezone) : null,
    preferredTimeDateOnly: preferredTime ? raw.preferredTimeDateOnly : false,
    address: address && scrub(address),
    summary,
    customFields,
  });
}
