import type { SubmitResponse } from './api.ts';
import { fill, type Labels } from './labels.ts';
import { normalizePhone } from './phone.ts';

const FIELDS = ['name', 'phone', 'reason', 'consentCall'] as const;
export type Field = (typeof FIELDS)[number];
/** The form's fields, and the SMS code of the confirmation step. */
export type FieldErrors = Partial<Record<Field | 'code', string>>;

export interface FormInput {
  name: string;
  phone: string;
  reason: string;
  consentCall: boolean;
  consentSms: boolean;
  website: string;
}

export interface ValidForm {
  name: string;
  phone: string;
  reason?: string;
  consentCall: true;
  consentSms: boolean;
  website: string;
}

export const MAX_REASON = 500;

/** Either the request fields (phone already E.164) or the inline error per field. */
export function validateForm(
  v: FormInput,
  country: string | null | undefined,
  labels: Labels,
): { ok: true; value: ValidForm } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const name = v.name.trim().replace(/\s+/g, ' ');
  if (!name || name.length > 100) errors.name = labels.errName;
  const phone = normalizePhone(v.phone, country);
  if (!phone) errors.phone = labels.errPhone;
  const reason = v.reason.trim();
  if (reason.length > MAX_REASON) errors.reason = labels.errReason;
  if (!v.consentCall) errors.consentCall = labels.errConsent;
  if (!phone || Object.keys(errors).length) return { ok: false, errors };
  const value: ValidForm = { name, phone, consentCall: true, consentSms: v.consentSms, website: v.website };
  if (reason) value.reason = reason;
  return { ok: true, value };
}

/**
 * Turns a failed POST into what the form shows: problem+json `errors[].path` onto our fields (the rest as
 * one form-level message), or one message for rate limiting, origin refusal, network and server errors.
 */
export function submitErrors(r: SubmitResponse, labels: Labels): { fields: FieldErrors; form: string } {
  const fields: FieldErrors = {};
  if (r.status === 422 || r.status === 400) {
    const rest: string[] = [];
    for (const e of Array.isArray(r.body.errors) ? (r.body.errors as { path?: unknown; message?: unknown }[]) : []) {
      const f = String(e.path).split('.')[0] as Field;
      if (FIELDS.includes(f)) fields[f] = String(e.message);
      else rest.push(String(e.message));
    }
    const detail = typeof r.body.detail === 'string' && r.body.detail;
    return { fields, form: rest.join(' ') || (Object.keys(fields).length ? '' : detail || labels.errGeneric) };
  }
  const form =
    r.status === 429
      ? fill(labels.errRateLimited, { seconds: r.retryAfter })
      : r.status === 403
        ? labels.errForbidden
        : r.status
          ? labels.errGeneric
          : labels.errNetwork;
  return { fields, form };
}
