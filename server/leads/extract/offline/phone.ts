import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { BusinessContext, CallContext, TranscriptTurn } from '../../lead.schema.ts';
import { findDigitRuns, partRanges } from './numbers.ts';
import { callerTurns } from './text.ts';

/** Country of numbers dictated without a country code: where the business's line is, else the caller's. */
export function defaultCountry(
  call: Pick<CallContext, 'from' | 'to'>,
  business: Pick<BusinessContext, 'timezone'>,
): CountryCode {
  for (const n of [call.to, call.from]) {
    const c = n ? countryOf(n) : undefined;
    if (c) return c;
  }
  return countryFromTimezone(business.timezone);
}

/**
 * The country of an E.164 number. Parsing one with libphonenumber's metadata costs about a tenth of a whole
 * extraction, and `call.to` is the business's own number on every call, so answers are remembered (a pure
 * function of the number; bounded so a long-running worker does not grow without limit).
 */
const COUNTRY_OF = new Map<string, CountryCode | undefined>();
function countryOf(number: string): CountryCode | undefined {
  if (COUNTRY_OF.has(number)) return COUNTRY_OF.get(number);
  const c = parsePhoneNumberFromString(number)?.country;
  if (COUNTRY_OF.size >= 1000) COUNTRY_OF.clear();
  COUNTRY_OF.set(number, c);
  return c;
}

const TZ_COUNTRY: Record<string, CountryCode> = {
  'Europe/London': 'GB',
  'Europe/Dublin': 'IE',
  'Europe/Paris': 'FR',
  'Europe/Berlin': 'DE',
  'Europe/Madrid': 'ES',
  'Europe/Rome': 'IT',
  'Europe/Amsterdam': 'NL',
  'Australia/Sydney': 'AU',
  'Australia/Melbourne': 'AU',
  'Australia/Brisbane': 'AU',
  'Australia/Perth': 'AU',
  'Pacific/Auckland': 'NZ',
  'America/Toronto': 'CA',
  'America/Vancouver': 'CA',
  'America/Mexico_City': 'MX',
  'Asia/Kolkata': 'IN',
  'Asia/Singapore': 'SG',
};

function countryFromTimezone(tz: string): CountryCode {
  // Most unlisted zones here are North American; a wrong guess only matters for numbers without a country code.
  return TZ_COUNTRY[tz] ?? 'US';
}

/** Any written or dictated phone number to E.164, or null when it cannot be a phone number. */
export function toE164(raw: string | null | undefined, country: CountryCode): string | null {
  if (!raw) return null;
  const trimmed = raw.trim();
  const runs = findDigitRuns(trimmed);
  const candidates = /^\+?[\d\s().-]+$/.test(trimmed) ? [trimmed] : runs.map((r) => (r.plus ? '+' : '') + r.digits);
  for (const c of candidates) {
    const p = parsePhoneNumberFromString(c, country);
    if (p?.isPossible()) return p.number;
  }
  return null;
}

/** Numbers that are not phone numbers even when they have ten digits. */
const OTHER_NUMBER =
  /\b(claim|policy|account|order|invoice|case|reference|confirmation|tracking|zip|postcode|license|licence|vin|member|id|card|routing)\b[\w\s#:]{0,15}$/i;
const CALLER_ID_PHRASE =
  /\b(this number|this one|this phone|the one i'?m (?:calling|ringing) (?:from|on)|(?:number|phone) i'?m (?:calling|ringing) (?:from|on)|same number|number (?:you|that) (?:see|have|showed)|caller id|the number i called from)\b/i;
const ASKS_CALLER_ID =
  /\b(calling from|this number|number ending|ending in|the number (?:you'?re|you are) on|show(?:s|ing)? up|caller id|on file)\b/i;
const AFFIRM =
  /^\s*(?:yes|yeah|yep|yup|sure|correct|that'?s (?:right|correct|fine|good|it|perfect)|right|that works|perfect|uh-huh|absolutely|definitely|it is|that one)\b/i;
const CORRECTION = /\b(no wait|wait|sorry|i mean|actually|scratch that|correction|instead|rather|make that|oops)\b/i;

type PhoneEvent = { kind: 'dictated'; number: string } | { kind: 'callerId'; explicitCorrection: boolean };

/** Phone numbers dictated in one caller turn, in order, with partial corrections applied. */
function dictatedNumbers(
  text: string,
  country: CountryCode,
  callerId: string | null,
  previous: string | null,
): string[] {
  const found: string[] = [];
  let last = previous;
  for (const run of findDigitRuns(text)) {
    if (OTHER_NUMBER.test(text.slice(0, run.start))) continue;
    let number: string | null = null;
    for (const r of partRanges(run)) {
      if (r.digits.length < 7) continue;
      const p = parsePhoneNumberFromString(
        (run.plus && r.start === run.parts[0]!.start ? '+' : '') + r.digits,
        country,
      );
      if (p?.isPossible()) {
        number = p.number;
        break;
      }
      // A seven-digit local number takes the area code of the line the caller is on.
      if (r.digits.length === 7 && callerId?.startsWith('+1') && country === 'US') {
        number = callerId.slice(0, 5) + r.digits;
        break;
      }
    }
    if (
      !number &&
      last &&
      run.digits.length >= 2 &&
      run.digits.length <= 4 &&
      CORRECTION.test(text.slice(0, run.start))
    ) {
      // "…zero one nine nine, no wait, one nine eight": the caller fixes the tail of the number.
      number = last.slice(0, last.length - run.digits.length) + run.digits;
    }
    if (number) {
      found.push(number);
      last = number;
    }
  }
  return found;
}

/**
 * The number to call back. Rules (fixtures README): a dictated number beats caller ID, a correction beats
 * what it corrects, "this number" or a yes to "is the number you're calling from best?" means caller ID.
 * A real lead who never talks about numbers gets the caller ID too: it is the one number we have.
 */
export function extractPhone(
  turns: TranscriptTurn[],
  call: Pick<CallContext, 'from' | 'to'>,
  business: Pick<BusinessContext, 'timezone'>,
): string | null {
  const country = defaultCountry(call, business);
  const callerId = toE164(call.from, country);
  const events: PhoneEvent[] = [];
  let lastDictated: string | null = null;
  for (const t of callerTurns(turns)) {
    const numbers = dictatedNumbers(t.text, country, callerId, lastDictated);
    for (const number of numbers) events.push({ kind: 'dictated', number });
    if (numbers.length > 0) lastDictated = numbers[numbers.length - 1]!;
    else if (CALLER_ID_PHRASE.test(t.text) || (ASKS_CALLER_ID.test(t.prompt) && AFFIRM.test(t.text))) {
      events.push({ kind: 'callerId', explicitCorrection: CORRECTION.test(t.text) });
    }
  }
  let chosen: string | null = null;
  let sawDictated = false;
  for (const e of events) {
    if (e.kind === 'dictated') {
      chosen = e.number;
      sawDictated = true;
    } else if (!sawDictated || e.explicitCorrection) {
      chosen = callerId;
    }
  }
  return chosen ?? callerId;
}
