/**
 * What Leadline will dial, for every outbound leg (website callbacks, transfers, forwards): platform limits
 * that no tenant setting can raise. Toll fraud pays out on premium-rate, shared-cost, satellite and other
 * revenue-sharing ranges, and on countries with high termination rates; only ordinary landlines and mobiles
 * in the countries below pass. Pure.
 */
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** The countries any business may call at all; a business's own list can only narrow it. */
export const PLATFORM_DIAL_COUNTRIES: readonly string[] = [
  'US',
  'CA',
  'GB',
  'IE',
  'AU',
  'NZ',
  'DE',
  'FR',
  'ES',
  'IT',
  'NL',
  'BE',
  'AT',
  'CH',
  'SE',
  'NO',
  'DK',
  'FI',
  'PT',
];

/** Ceilings on what a business may configure or spend; a value beyond one is refused (422), never kept. */
export const PLATFORM_LIMITS = {
  /** widgetSettings.dailyCallbackCap. */
  callbacksPerDay: 1000,
  /** Minutes of outbound legs (callback dials, transfers) a business may reserve per day. */
  dialMinutesPerDay: 300,
  /** Dials to one number per day, from all businesses together. */
  dialsPerDestinationPerDay: 6,
  /** Campaign dials a business may start per day, whatever its plan (a runaway list is stopped here). */
  campaignDialsPerDay: 20_000,
  /** A campaign's pacing ceiling, whatever a plan says: calls at once, and calls started per minute. */
  campaignConcurrentCalls: 500,
  campaignCallsPerMinute: 1_000,
  /** Longest transfer leg, in minutes (the leg's Dial timeLimit is what the balance covers, up to this). */
  transferMinutes: 30,
} as const;

/** libphonenumber-js number types that are ordinary subscribers: no premium, shared-cost, UAN, VoIP or unknown. */
const DIALLABLE_TYPES = new Set(['MOBILE', 'FIXED_LINE', 'FIXED_LINE_OR_MOBILE']);

export type DialCheck =
  | { ok: true; e164: string; country: string; type: string }
  | { ok: false; reason: 'invalid' | 'country' | 'type'; message: string };

/**
 * Whether `input` may be dialled: a valid number of an ordinary type, in `allowedCountries` and in the
 * platform's list whatever `allowedCountries` says. `defaultCountry` reads national formats.
 */
export function checkDialNumber(
  input: string,
  allowedCountries: readonly string[] = PLATFORM_DIAL_COUNTRIES,
  defaultCountry?: string,
): DialCheck {
  const parsed = parsePhoneNumberFromString(input.trim(), {
    ...(defaultCountry ? { defaultCountry: defaultCountry as CountryCode } : {}),
  });
  if (!parsed?.isValid()) return { ok: false, reason: 'invalid', message: 'Enter a valid phone number' };
  // Satellite and other non-geographic ranges have no country: refused here.
  const country = parsed.country ?? '';
  if (!country || !allowedCountries.includes(country) || !PLATFORM_DIAL_COUNTRIES.includes(country))
    return { ok: false, reason: 'country', message: 'We cannot call numbers in this country' };
  const type = parsed.getType() ?? 'UNKNOWN';
  if (!DIALLABLE_TYPES.has(type))
    return { ok: false, reason: 'type', message: 'We can only call mobile or landline numbers' };
  return { ok: true, e164: parsed.number, country, type };
}
