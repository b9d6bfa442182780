/**
 * A visitor's number, checked before we pay to call it: the platform's dial policy (businesses/dial-policy.ts)
 * narrowed to the business's allowed countries, reading national formats in the business's country.
 */
import { checkDialNumber, type DialCheck } from '../businesses/dial-policy.ts';

export type PhoneCheck = DialCheck;

export function checkCallbackNumber(
  input: string,
  defaultCountry: string,
  allowedCountries: readonly string[],
): PhoneCheck {
  const r = checkDialNumber(input, allowedCountries, defaultCountry);
  // The widget's wording predates the shared policy; visitors see it on the form.
  return r.ok || r.reason !== 'type' ? r : { ...r, message: 'We can only call back mobile or landline numbers' };
}
