/**
 * A visitor's number, checked before we pay to call it. Toll fraud through callback forms dials premium,
 * shared-cost and short numbers; only ordinary landlines and mobiles in the allowed countries pass.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

export type PhoneCheck =
  | { ok: true; e164: string; country: string; type: string }
  | { ok: false; reason: 'invalid' | 'country' | 'type'; message: string };

const ALLOWED_TYPES = new Set(['MOBILE', 'FIXED_LINE', 'FIXED_LINE_OR_MOBILE']);

export function checkCallbackNumber(
  input: string,
  defaultCountry: string,
  allowedCountries: readonly string[],
): PhoneCheck {
  const parsed = parsePhoneNumberFromString(input.trim(), { defaultCountry: defaultCountry as CountryCode });
  if (!parsed?.isValid()) return { ok: false, reason: 'invalid', message: 'Enter a valid phone number' };
  const country = parsed.country ?? '';
  if (!allowedCountries.includes(country))
    return { ok: false, reason: 'country', message: 'We cannot call numbers in this country' };
  const type = parsed.getType() ?? 'UNKNOWN';
  if (!ALLOWED_TYPES.has(type))
    return { ok: false, reason: 'type', message: 'We can only call back mobile or landline numbers' };
  return { ok: true, e164: parsed.number, country, type };
}
