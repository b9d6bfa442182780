import { findDigitRuns, isNumberWord, luhnValid, partRanges, type DigitRun } from './extract/offline/numbers.ts';

/**
 * Removes payment card numbers, their expiry dates and security codes, and social security numbers
 * from transcripts before anything else reads them. Extraction runs on the redacted text only, so no
 * lead, summary or CRM note can carry them on.
 *
 * Digit runs alone are ambiguous (a phone number is ten digits, an address has four), so the rules lean
 * on what the conversation is about: the agent asking for a card, the caller naming one, Luhn for long
 * runs that appear with no context at all.
 */

export const REDACTION_MARKERS = {
  card: '[card number removed]',
  expiry: '[card expiry removed]',
  cvv: '[security code removed]',
  ssn: '[SSN removed]',
} as const;
export type Kind = keyof typeof REDACTION_MARKERS;

export interface Context {
  /** The agent asked for the card number (or the caller is part-way through one). */
  cardNumber: boolean;
  expiry: boolean;
  cvv: boolean;
  ssn: boolean;
  /** Cards were talked about recently: only then are expiry dates and codes sensitive. */
  cardTopic: boolean;
  /** The caller is speaking: a turn of bare digits may be one piece of a number read out over several turns. */
  dictation: boolean;
}
export const NO_CONTEXT: Context = {
  cardNumber: false,
  expiry: false,
  cvv: false,
  ssn: false,
  cardTopic: false,
  dictation: false,
};

export interface Span {
  start: number;
  end: number;
  kind: Kind;
}

export const CARD_WORDS = /\b(card|visa|master\s?card|amex|american express|discover|credit|debit)\b/i;
export const PAYMENT_WORDS = /\b(pay|payment|deposit|charge it|billing)\b/i;
const PHONE_WORDS = /\b(phone|cell|mobile|call me|reach me|text me|call ?back|landline)\b/i;
export const SSN_WORDS = /\b(social security|socials?|ssn|s\.?\s?s\.?\s?n\.?)\b/i;
export const ASK_EXPIRY = /\b(expir\w*|expiry|exp\.? date|valid (?:thru|through|until)|good (?:thru|through))\b/i;
export const ASK_CVV =
  /\b(cvv2?|cvc2?|csc|security code|(?:three|four|3|4)[-\s]digit(?: security)? code|code on the back|verification code|card code)\b/i;
const EXPIRY_KEY =
  /\b(?:exp(?:iry|iration|ires|ire|\.)?(?:\s+date)?|valid\s+(?:thru|through|until)|good\s+(?:thru|through))\b/gi;
const CVV_KEY =
  /\b(?:cvv2?|cvc2?|csc|cid|security\s+code|(?:three|four|3|4)[-\s]digit\s+code|code\s+on\s+the\s+back|verification\s+code|card\s+code)\b/gi;
const MONTHS =
  /^(jan|january|feb|february|mar|march|apr|april|may|jun|june|jul|july|aug|august|sep|sept|september|oct|october|nov|november|dec|december)$/i;
const FILLER = /^(is|it|it's|its|s|the|date|on|of|in|code|number|my|that's|thats|:|,|-|'|’)$/i;
const MONEY_AFTER = /^\s*(dollars?|bucks|pounds?|euros?|cents|percent|%|k\b)/i;
const MONEY_BEFORE = /[$£€]\s*$/;

/** Reads a date- or code-like stretch ("oh four slash twenty seven", "04/27", "March 2027") from `from`. */
function consumeNumberish(
  text: string,
  from: number,
): { start: number; end: number; digits: number; month: boolean } | null {
  const re = /[A-Za-z]+|\d+|[^\sA-Za-z\d]/g;
  re.lastIndex = from;
  let start = -1;
  let end = -1;
  let pos = from;
  let digits = 0;
  let month = false;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const tok = m[0];
    // Only whitespace may sit between the tokens of one stretch.
    if (start >= 0 && text.slice(pos, m.index).trim() !== '') break;
    pos = m.index + tok.length;
    if (/^\d+$/.test(tok)) digits += tok.length;
    else if (isNumberWord(tok))
      digits += /^(hundred|thousand|double|triple)$/i.test(tok)
        ? 0
        : /teen$|^(ten|eleven|twelve)$|ty$/i.test(tok)
          ? 2
          : 1;
    else if (MONTHS.test(tok)) month = true;
    else if (start < 0 && FILLER.test(tok)) continue;
    else if (start >= 0 && /^(\/|-|slash|of|and)$/i.test(tok)) continue;
    else break;
    if (start < 0) start = m.index;
    end = pos;
  }
  return start >= 0 && (digits > 0 || month) ? { start, end, digits, month } : null;
}

function isMoney(text: string, run: { start: number; end: number }): boolean {
  return MONEY_AFTER.test(text.slice(run.end)) || MONEY_BEFORE.test(text.slice(0, run.start));
}

/** "my card is 4111 1111 …": a card word shortly before the digits, not anywhere in the sentence. */
function followsCardWord(text: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - 40), at);
  return CARD_WORDS.test(before);
}

function isPhoneShaped(run: DigitRun, text: string): boolean {
  const n = run.digits.length;
  return run.plus || ((n === 10 || n === 11) && PHONE_WORDS.test(text));
}

/** Digit runs that could belong to a card or SSN: not a "+" number, an amount, or a phone number by its words. */
export function looseRuns(text: string, runs: DigitRun[]): DigitRun[] {
  return runs.filter((r) => !r.plus && !isMoney(text, r) && !isPhoneShaped(r, text));
}

const DICTATION_WORDS =
  /^(and|then|so|ok|okay|sure|yes|yeah|yep|um|uh|it|its|s|is|are|the|my|that|thats|number|numbers|digits?|card|social|security|ssn|rest|next|last|first|again|oh)$/i;

/** "Sure, it's four one one one, one one one one": a turn of digits and only a few filler words around them. */
export function isDictation(text: string, runs: DigitRun[]): boolean {
  let words = 0;
  for (const m of text.matchAll(/[A-Za-z]+/g)) {
    if (runs.some((r) => m.index >= r.start && m.index < r.end)) continue;
    if (!DICTATION_WORDS.test(m[0])) return false;
    words++;
  }
  return runs.length > 0 && words <= 5;
}

/** Finds what to remove in one text, given what the surrounding conversation asked for. */
export function findSpans(text: string, ctx: Context): Span[] {
  const spans: Span[] = [];
  const covered = (s: number, e: number) => spans.some((x) => s < x.end && e > x.start);
  const add = (start: number, end: number, kind: Kind) => {
    if (!covered(start, end)) spans.push({ start, end, kind });
  };
  const runs = findDigitRuns(text);
  const cardHere = CARD_WORDS.test(text);
  const ssnHere = ctx.ssn || SSN_WORDS.test(text);

  for (const run of runs) {
    // 3-2-4 grouping is how SSNs are written and read out; phone numbers group 3-3-4.
    for (const r of partRanges(run)) {
      if (r.digits.length !== 9) continue;
      const parts = run.parts.filter((p) => p.start >= r.start && p.end <= r.end).map((p) => p.digits.length);
      if (parts.join() === '3,2,4' || (ssnHere && !isPhoneShaped(run, text))) add(r.start, r.end, 'ssn');
    }
    if (
      ssnHere &&
      run.digits.length >= 4 &&
      run.digits.length <= 9 &&
      !isMoney(text, run) &&
      !isPhoneShaped(run, text)
    ) {
      add(run.start, run.end, 'ssn');
    }
  }
  for (const run of runs) {
    if (run.plus) continue;
    for (const r of partRanges(run)) {
      const n = r.digits.length;
      if (n >= 13 && n <= 19 && (luhnValid(r.digits) || cardHere || ctx.cardNumber)) add(r.start, r.end, 'card');
    }
  }
  const topic = ctx.cardTopic || cardHere;
  if (topic) {
    for (const m of text.matchAll(EXPIRY_KEY)) {
      const seq = consumeNumberish(text, m.index + m[0].length);
      if (seq) add(seq.start, seq.end, 'expiry');
    }
    for (const m of text.matchAll(CVV_KEY)) {
      const seq = consumeNumberish(text, m.index + m[0].length);
      if (seq && seq.digits >= 3) add(seq.start, seq.end, 'cvv');
    }
  }
  for (const run of runs) {
    if (run.plus) continue;
    // Part of a card read out in chunks, possibly over several turns (after "expires …" has been claimed).
    const chunky = ctx.cardNumber ? run.digits.length >= 2 : run.digits.length >= 4 && followsCardWord(text, run.start);
    if (chunky && !isMoney(text, run) && !isPhoneShaped(run, text)) add(run.start, run.end, 'card');
  }
  if (topic && ctx.expiry) {
    for (const m of text.matchAll(/[A-Za-z]+|\d+/g)) {
      if (covered(m.index, m.index + m[0].length)) continue;
      if (!/^\d/.test(m[0]) && !isNumberWord(m[0]) && !MONTHS.test(m[0])) continue;
      const seq = consumeNumberish(text, m.index);
      if (seq && (seq.digits >= 2 || (seq.month && seq.digits > 0))) add(m.index, seq.end, 'expiry');
    }
  }
  if (topic && ctx.cvv) {
    for (const run of runs) {
      if (run.digits.length >= 3 && run.digits.length <= 4 && !isMoney(text, run)) add(run.start, run.end, 'cvv');
    }
  }
  if (ctx.dictation && isDictation(text, runs)) {
    // Bare digits just after a social or a card came up: a piece of one. Cards are read in fours (a phone
    // number is 7 or 10 digits, a zip 5); other groupings are caught once the whole number is in.
    const loose = looseRuns(text, runs).filter((r) => !covered(r.start, r.end));
    const n = loose.reduce((sum, r) => sum + r.digits.length, 0);
    const kind: Kind | null = ssnHere ? 'ssn' : topic && (n === 4 || n === 8 || n === 12) ? 'card' : null;
    for (const r of loose) if (kind && r.digits.length >= 2) add(r.start, r.end, kind);
  }
  return spans.sort((a, b) => a.start - b.start);
}

export function applySpans(text: string, spans: Span[]): string {
  let out = '';
  let at = 0;
  for (const s of spans) {
    out += text.slice(at, s.start) + REDACTION_MARKERS[s.kind];
    at = s.end;
  }
  return out + text.slice(at);
}

/** Redacts one piece of text on its own (no conversation around it). */
export function redactText(text: string): { text: string; redactions: number } {
  const spans = findSpans(text, NO_CONTEXT);
  return { text: applySpans(text, spans), redactions: spans.length };
}
