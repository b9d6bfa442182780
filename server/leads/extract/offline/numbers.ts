/**
 * Digit runs in speech-to-text output. Callers dictate numbers as digits ("310-555-0177"), as words
 * ("six one seven, five five five"), or mixed with idioms ("oh" for zero, "double five", "nine hundred").
 * Phone, card and SSN detection all start from the same runs so they agree on where a number begins
 * and ends.
 */

const UNITS: Record<string, number> = {
  zero: 0,
  oh: 0,
  o: 0,
  nought: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
};
const TEENS: Record<string, number> = {
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const TENS: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
const REPEAT: Record<string, number> = { double: 2, triple: 3 };

export interface DigitPart {
  digits: string;
  start: number;
  end: number;
}

/** A maximal stretch of dictated digits in a text, with its character span. */
export interface DigitRun {
  digits: string;
  start: number;
  end: number;
  /** The chunks the speaker paused between (spaces for numerals, commas/dashes for words). */
  parts: DigitPart[];
  /** True when any of it was spoken as words. */
  spoken: boolean;
  /** True when the run was written with a leading "+". */
  plus: boolean;
}

interface Token {
  text: string;
  lower: string;
  start: number;
  end: number;
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(/[A-Za-z]+|\d+|[^\sA-Za-z\d]/g)) {
    out.push({ text: m[0], lower: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length });
  }
  return out;
}

export function isNumberWord(word: string): boolean {
  const w = word.toLowerCase();
  return w in UNITS || w in TEENS || w in TENS || w in REPEAT || w === 'hundred' || w === 'thousand';
}

/** Punctuation that may sit inside one dictated number. */
const JOINERS = new Set([',', '-', '.', '(', ')']);

/**
 * Reads one number expression starting at token i. Returns the digits, how many tokens it used, or null.
 * "o" alone counts only next to other number words, so the letter in "o'clock" or a spelled name is left.
 */
function readNumber(tokens: Token[], i: number): { digits: string; used: number; spoken: boolean } | null {
  const t = tokens[i];
  if (!t) return null;
  if (/^\d+$/.test(t.text)) return { digits: t.text, used: 1, spoken: false };
  const w = t.lower;
  const next = tokens[i + 1]?.lower;
  const after = tokens[i + 2]?.lower;
  if (w in REPEAT) {
    // "double five", "double-oh"
    const j = next === '-' ? i + 2 : i + 1;
    const unit = tokens[j]?.lower;
    if (unit !== undefined && unit in UNITS) {
      return { digits: String(UNITS[unit]).repeat(REPEAT[w]!), used: j - i + 1, spoken: true };
    }
    return null;
  }
  if (w in UNITS) {
    if (w === 'o' && !(next !== undefined && (next in UNITS || next in REPEAT))) return null;
    const d = UNITS[w]!;
    if (next === 'hundred' || next === 'thousand') {
      const zeros = next === 'hundred' ? 2 : 3;
      // "nine hundred twelve" → 912, "nine hundred" → 900
      if (after !== undefined && zeros === 2 && (after in TEENS || after in TENS)) {
        const rest = readTwoDigit(tokens, i + 2);
        if (rest) return { digits: String(d) + rest.digits, used: 2 + rest.used, spoken: true };
      }
      return { digits: String(d) + '0'.repeat(zeros), used: 2, spoken: true };
    }
    return { digits: String(d), used: 1, spoken: true };
  }
  if (w in TEENS || w in TENS) return readTwoDigit(tokens, i);
  return null;
}

function readTwoDigit(tokens: Token[], i: number): { digits: string; used: number; spoken: true } | null {
  const w = tokens[i]?.lower;
  if (w === undefined) return null;
  if (w in TEENS) return { digits: String(TEENS[w]), used: 1, spoken: true };
  if (w in TENS) {
    let j = i + 1;
    if (tokens[j]?.lower === '-') j++;
    const unit = tokens[j]?.lower;
    if (unit !== undefined && unit in UNITS && unit !== 'oh' && unit !== 'o' && unit !== 'zero') {
      return { digits: String(TENS[w]! + UNITS[unit]!), used: j - i + 1, spoken: true };
    }
    return { digits: String(TENS[w]), used: 1, spoken: true };
  }
  return null;
}

/** All digit runs in a text, in order. */
export function findDigitRuns(text: string): DigitRun[] {
  const tokens = tokenize(text);
  const runs: DigitRun[] = [];
  let cur: DigitRun | null = null;
  let groupOpen = false;
  let i = 0;
  while (i < tokens.length) {
    const num = readNumber(tokens, i);
    if (num) {
      const first = tokens[i]!;
      const last = tokens[i + num.used - 1]!;
      if (!cur) {
        const prev = tokens[i - 1];
        const plus = prev !== undefined && prev.text === '+' && prev.end === first.start;
        cur = { digits: '', start: plus ? prev.start : first.start, end: last.end, parts: [], spoken: false, plus };
        groupOpen = false;
      }
      cur.digits += num.digits;
      cur.end = last.end;
      cur.spoken ||= num.spoken;
      // Numerals are their own chunk; spoken words chain into one chunk until a pause mark.
      const open = cur.parts[cur.parts.length - 1];
      if (num.spoken && groupOpen && open) {
        open.digits += num.digits;
        open.end = last.end;
      } else {
        cur.parts.push({ digits: num.digits, start: first.start, end: last.end });
      }
      groupOpen = num.spoken;
      i += num.used;
      continue;
    }
    const t = tokens[i]!;
    if (cur && JOINERS.has(t.text) && readNumber(tokens, i + 1)) {
      groupOpen = false;
      i++;
      continue;
    }
    if (cur) runs.push(cur);
    cur = null;
    i++;
  }
  if (cur) runs.push(cur);
  return runs;
}

/** Luhn checksum, the check digit every payment card number carries. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Parses a small spoken or written cardinal ("eleven", "2", "twenty five") for clock times and days. */
export function parseSmallNumber(phrase: string): number | null {
  const p = phrase.trim().toLowerCase();
  if (/^\d{1,4}$/.test(p)) return Number(p);
  const parts = p.split(/[\s-]+/);
  if (parts.length === 1) {
    const w = parts[0]!;
    if (w in UNITS && w !== 'oh' && w !== 'o') return UNITS[w]!;
    if (w in TEENS) return TEENS[w]!;
    if (w in TENS) return TENS[w]!;
    return null;
  }
  if (parts.length === 2 && parts[0]! in TENS && parts[1]! in UNITS) return TENS[parts[0]!]! + UNITS[parts[1]!]!;
  return null;
}

/**
 * The most digits any reader of `partRanges` looks for in one stretch: a card number (13–19); phone
 * numbers (at most 15) and SSNs (9) fit inside it.
 */
export const MAX_NUMBER_DIGITS = 19;

/**
 * Every contiguous stretch of a run's chunks holding at most `maxDigits` digits, longest first: "call 617
 * 555 0199, 2 bedrooms" still holds a phone. Bounding the window keeps this linear in the run's length
 * (a caller reading out a long string of digits made the unbounded version cubic: seconds per turn).
 */
export function partRanges(run: DigitRun, maxDigits = MAX_NUMBER_DIGITS): DigitPart[] {
  const out: DigitPart[] = [];
  const parts = run.parts;
  const n = parts.length;
  const upTo = [0];
  for (const p of parts) upTo.push(upTo[upTo.length - 1]! + p.digits.length);
  for (let len = Math.min(n, maxDigits); len >= 1; len--) {
    for (let i = 0; i + len <= n; i++) {
      if (upTo[i + len]! - upTo[i]! > maxDigits) continue;
      const slice = parts.slice(i, i + len);
      out.push({ digits: slice.map((p) => p.digits).join(''), start: slice[0]!.start, end: slice[len - 1]!.end });
    }
  }
  return out;
}
