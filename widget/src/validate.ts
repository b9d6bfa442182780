import type { Labels } from './labels.ts';
import { normalizePhone } from './phone.ts';

export type Field = 'name' | 'phone' | 'reason' | 'consentCall';
export type FieldErrors = Partial<Record<Field, string>>;

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
export function validateForm(v: FormInput, country: string | null | undefined, labels: Labels): { ok: true; value: ValidForm } | { ok: false; errors: FieldErrors } {
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

/** Maps the server's problem `errors[].path` onto our fields; paths we do not show fall to the form. */
export function serverErrors(errors: { path: string; message: string }[]): { fields: FieldErrors; rest: string[] } {
  const fields: FieldErrors = {};
  const rest: string[] = [];
  for (const e of errors) {
    const f = String(e.path).split('.')[0];
    if (f === 'name' || f === 'phone' || f === 'reason' || f === 'consentCall') fields[f] = String(e.message);
    else rest.push(String(e.message));
  }
  return { fields, rest };
}
