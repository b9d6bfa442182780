import { createHmac } from 'node:crypto';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/**
 * A person as a data-subject request names them: a phone number (E.164) and/or an e-mail address, each
 * normalised so that every spelling of the same number or address matches the same rows.
 */
export interface Subject {
  phone: string | null;
  email: string | null;
}

export function normalizePhone(raw: string, country = 'US'): string | null {
  const p = parsePhoneNumberFromString(raw.trim(), country as CountryCode);
  return p?.isPossible() ? p.number : null;
}

export const normalizeEmail = (raw: string): string => raw.trim().toLowerCase();

/**
 * A keyed hash of a normalised identifier: what tombstones and finished requests keep instead of the
 * plaintext. Keyed (not a bare SHA-256) because phone numbers are few enough to hash them all.
 */
export const subjectHash = (secret: Buffer, kind: 'phone' | 'email', value: string): string =>
  createHmac('sha256', secret).update(`subject:${kind}:${value}`).digest('base64url');

export function subjectHashes(secret: Buffer, s: Subject): string[] {
  const out: string[] = [];
  if (s.phone) out.push(subjectHash(secret, 'phone', s.phone));
  if (s.email) out.push(subjectHash(secret, 'email', s.email));
  return out;
}
