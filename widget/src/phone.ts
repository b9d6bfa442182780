/**
 * Phone normalisation to E.164 without libphonenumber: `libphonenumber-js/min` alone is ~29 KB gzipped,
 * more than twice the whole widget budget. What we do instead:
 * - NANP (+1) numbers are validated exactly (area code and exchange start with 2–9);
 * - numbers typed with `+` or `00` are checked against the E.164 shape (country code + up to 15 digits);
 * - numbers typed in national format get the business's country calling code, after dropping the trunk
 *   prefix. The server validates again; this only catches typos before a call is wasted.
 */

// ISO 3166 alpha-2 + calling code, packed: the markets we sell in. Elsewhere visitors type `+`.
const CODES =
  'US1CA1PR1GB44IE353AU61NZ64ZA27IN91SG65AE971IL972FR33DE49ES34IT39PT351NL31BE32LU352CH41AT43DK45SE46NO47' +
  'FI358PL48CZ420GR30MX52BR55AR54CL56CO57JP81';

/** Calling code (digits, no `+`) for an ISO 3166 alpha-2 country, or undefined if we do not know it. */
export function callingCode(country: string | null | undefined): string | undefined {
  const c = (country ?? '').toUpperCase();
  // Two capitals only ever follow the start or a digit in CODES, so this cannot match across entries.
  return /^[A-Z]{2}$/.test(c) ? new RegExp('(?:^|\\d)' + c + '(\\d+)').exec(CODES)?.[1] : undefined;
}

const NANP = /^[2-9]\d{2}[2-9]\d{6}$/;

/** E.164 string (`+14155550123`) or null when the input cannot be a dialable number. */
export function normalizePhone(input: string, defaultCountry?: string | null): string | null {
  const raw = input.trim();
  // Only digits and the usual separators; letters (vanity numbers) and extensions are rejected.
  if (!/^\+?[\d\s().\-\u00a0]+$/.test(raw)) return null;
  let digits = raw.replace(/\D/g, '');
  if (raw[0] !== '+') {
    const cc = callingCode(defaultCountry);
    if (digits.startsWith('00')) digits = digits.slice(2);
    else if (!cc) return null;
    // NANP: "1 415 555 0123" carries its own 1; other countries drop the trunk 0 (Italy keeps it).
    else if (cc === '1') digits = digits.length === 11 && digits[0] === '1' ? digits : '1' + digits;
    else digits = cc + (cc === '39' ? digits : digits.replace(/^0/, ''));
  }
  return isE164('+' + digits) ? '+' + digits : null;
}

/** E.164 shape, with exact NANP rules for +1. Matches the server's lead schema (`^\+[1-9]\d{6,14}$`). */
export function isE164(value: string): boolean {
  if (!/^\+[1-9]\d{7,14}$/.test(value)) return false;
  return !value.startsWith('+1') || NANP.test(value.slice(2));
}

/** Human display of an E.164 number: NANP grouped as +1 415-555-0123, others left as they are. */
export function formatPhone(e164: string): string {
  const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return m ? `+1 ${m[1]}-${m[2]}-${m[3]}` : e164;
}
