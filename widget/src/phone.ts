/**
 * Phone normalisation to E.164 without libphonenumber: `libphonenumber-js/min` alone is ~29 KB gzipped,
 * more than twice the whole widget budget. What we do instead:
 * - NANP (+1) numbers are validated exactly (area code and exchange start with 2–9);
 * - numbers typed with `+` or `00` are checked against the E.164 shape (country code + up to 15 digits);
 * - numbers typed in national format get the business's country calling code, after dropping the trunk
 *   prefix. The server validates again; this only catches typos before a call is wasted.
 */

// ISO 3166 alpha-2 + calling code, packed to keep the bundle small.
const CODES =
  'US1CA1PR1GU1VI1AS1MP1DO1JM1TT1BS1BB1BM1KY1GB44IE353FR33DE49ES34IT39PT351NL31BE32LU352CH41AT43DK45SE46NO47' +
  'FI358IS354PL48CZ420SK421HU36RO40BG359GR30HR385SI386EE372LV371LT370CY357MT356RS381UA380TR90IL972AE971SA966' +
  'QA974IN91PK92BD880LK94CN86HK852SG65MY60TH66VN84PH63ID62JP81KR82TW886AU61NZ64ZA27NG234KE254GH233EG20MA212' +
  'MX52BR55AR54CL56CO57PE51EC593UY598CR506PA507GT502RU7KZ7';

let table: Map<string, string> | undefined;

/** Calling code (digits, no `+`) for an ISO 3166 alpha-2 country, or undefined if we do not know it. */
export function callingCode(country: string): string | undefined {
  if (!table) {
    table = new Map();
    for (const [, iso, code] of CODES.matchAll(/([A-Z]{2})(\d+)/g)) table.set(iso!, code!);
  }
  return table.get(country.toUpperCase());
}

const NANP = /^[2-9]\d{2}[2-9]\d{6}$/;
// Countries where the leading 0 is part of the number, not a trunk prefix.
const KEEPS_ZERO = /^(IT|SM|VA)$/;

/** E.164 string (`+14155550123`) or null when the input cannot be a dialable number. */
export function normalizePhone(input: string, defaultCountry?: string | null): string | null {
  const raw = input.trim();
  // Only digits and the usual separators; letters (vanity numbers) and extensions are rejected.
  if (!raw || !/^\+?[\d\s().\-\u00a0]+$/.test(raw)) return null;
  let digits = raw.replace(/\D/g, '');
  const country = (defaultCountry ?? '').toUpperCase();
  const cc = callingCode(country);
  let international = raw.startsWith('+');
  if (!international && digits.startsWith('00')) {
    digits = digits.slice(2);
    international = true;
  } else if (!international && cc === '1' && digits.startsWith('011')) {
    digits = digits.slice(3);
    international = true;
  }
  if (!international) {
    if (!cc) return null;
    if (cc === '1') {
      if (digits.length === 11 && digits.startsWith('1')) digits = digits.slice(1);
      return NANP.test(digits) ? '+1' + digits : null;
    }
    if (cc === '7' && digits.startsWith('8') && digits.length === 11) digits = digits.slice(1);
    else if (!KEEPS_ZERO.test(country) && digits.startsWith('0')) digits = digits.slice(1);
    if (digits.length < 6 || digits.startsWith('0')) return null;
    digits = cc + digits;
  }
  return isE164('+' + digits) ? '+' + digits : null;
}

/** E.164 shape, with exact NANP rules for +1. Matches the server's lead schema (`^\+[1-9]\d{6,14}$`). */
export function isE164(value: string): boolean {
  if (!/^\+[1-9]\d{6,14}$/.test(value)) return false;
  if (value.startsWith('+1')) return NANP.test(value.slice(2));
  // Needs a subscriber number after the longest plausible country code.
  return value.length >= 9;
}

/** Human display of an E.164 number: NANP grouped as +1 415-555-0123, others left as they are. */
export function formatPhone(e164: string): string {
  const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return m ? `+1 ${m[1]}-${m[2]}-${m[3]}` : e164;
}
