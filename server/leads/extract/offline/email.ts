import type { TranscriptTurn } from '../../lead.schema.ts';
import { parseSmallNumber } from './numbers.ts';
import { callerTurns, plainQuotes } from './text.ts';

const WRITTEN = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const VALID = /^[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}$/;

/** Lower-cased, trimmed address, or null when it is not one. */
export function normalizeEmail(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const e = raw
    .trim()
    .toLowerCase()
    .replace(/^mailto:/, '')
    .replace(/[.,;]+$/, '');
  return VALID.test(e) ? e : null;
}

/** Words that end the local part when reading backwards from "at": "my email is tom dot becker at …". */
const LEAD_IN = new Set(
  `is it's its it that's thats my email e-mail address me at you can use send to the reach yes yeah yep sure
  ok okay so um uh er and or mail write down just try contact i'm im be should would emails one's`.split(/\s+/),
);
/** Words that cannot start or fill a domain's first label: "I'm at the shop", "at home" are not addresses. */
const NOT_DOMAIN = new Set(
  `the a an my your our his her their this that home work and or but so if is was with for in on of to it i me you we`.split(
    /\s+/,
  ),
);
const SYMBOL: Record<string, string> = { dot: '.', period: '.', underscore: '_', dash: '-', hyphen: '-', plus: '+' };
/** What callers say about an address that is not part of it. */
const META =
  /\b(?:all (?:one|1) word|one word|all (?:lower ?case|small letters)|lower ?case|no spaces?|all together)\b/g;
/** A lone local part that is an ordinary word, as in "I found you guys at angies list dot com". */
const NOT_LOCAL = new Set(
  'up you guys us them him her it here there home work this that one out online back over site page'.split(' '),
);

/** Providers a caller may name without "dot com", and that make an address likely even without an e-mail question. */
const PROVIDERS: Record<string, string> = {
  gmail: 'gmail.com',
  googlemail: 'googlemail.com',
  yahoo: 'yahoo.com',
  ymail: 'ymail.com',
  outlook: 'outlook.com',
  hotmail: 'hotmail.com',
  icloud: 'icloud.com',
  aol: 'aol.com',
  protonmail: 'protonmail.com',
  comcast: 'comcast.net',
  verizon: 'verizon.net',
  sbcglobal: 'sbcglobal.net',
  btinternet: 'btinternet.com',
};
const PROVIDER_HOST =
  /^(?:gmail|googlemail|yahoo|ymail|outlook|hotmail|live|msn|icloud|me|mac|aol|proton|protonmail|pm|comcast|verizon|att|sbcglobal|bellsouth|cox|charter|earthlink|btinternet|sky|virginmedia|talktalk|gmx|zoho|fastmail)\./;
const EMAIL_CUE = /\b(?:e-?mails?|mail|inbox|send (?:it|that|them|the \w+) to)\b/i;

/**
 * Tokens of speech-to-text output for address reading: words, "at" for "@", symbol words for punctuation
 * written inside a word ("gmail.com", "anna-lee", "jake_t"), and "|" where a sentence or comma breaks the
 * speech. Punctuation between spelled letters or after an initial ("m-a-r-i-a", "j. o. h. n.") drops; in
 * "j.smith" it is a real dot.
 */
function tokenize(text: string): string[] {
  const lower = plainQuotes(text).toLowerCase().replace(META, '¦');
  const out: string[] = [];
  let skipPause = false;
  for (const m of lower.matchAll(/[a-z0-9]+(?:'[a-z]+)?|[@¦._+,;:!?-]/g)) {
    const t = m[0];
    const prev = out[out.length - 1] ?? '';
    const inWord = /[a-z0-9]/.test(lower[m.index + 1] ?? '') && /[a-z0-9]/.test(lower[m.index - 1] ?? '');
    if (t === '¦') {
      // A remark like "all one word" drops out together with the pauses around it.
      while (out[out.length - 1] === '|') out.pop();
      skipPause = true;
      continue;
    }
    if (/^[a-z0-9]/.test(t) || t === '@') {
      out.push(t === '@' ? 'at' : t);
      skipPause = false;
    } else if (
      /^[a-z]$/.test(prev) &&
      (t === '.' || t === '-') &&
      (!inWord || /^[a-z](?![a-z0-9])/.test(lower.slice(m.index + 1)))
    )
      continue;
    else if (inWord && t !== ',' && t !== ';' && t !== ':')
      out.push({ '.': 'dot', _: 'underscore', '-': 'dash', '+': 'plus' }[t] ?? '|');
    else if (t !== '-' && t !== '_' && t !== '+' && !skipPause) out.push('|');
  }
  return out;
}

/** Spoken tokens of a local part as text: spelled letters and number words collapse ("d park eighty eight"). */
function joinLocal(tokens: string[]): string {
  let out = '';
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t in SYMBOL) {
      out += SYMBOL[t];
      continue;
    }
    const two = i + 1 < tokens.length ? parseSmallNumber(`${t} ${tokens[i + 1]}`) : null;
    if (two !== null) {
      out += String(two);
      i++;
      continue;
    }
    const n = parseSmallNumber(t);
    out += n !== null && !/^\d+$/.test(t) ? String(n) : t;
  }
  return out;
}

/**
 * The domain after "at": labels of one or more words ("proton mail", "ortega dash landscaping") joined by
 * "dot". The last label is the top-level domain, a single word, so "… dot com thanks" stops at "com".
 */
function readDomain(tokens: string[], from: number): string | null {
  const labels: string[] = [];
  let cur = '';
  let words = 0;
  let j = from;
  for (; j < tokens.length; j++) {
    const t = tokens[j]!;
    if (t === 'dot' || t === 'period') {
      if (!cur || cur.endsWith('-')) return null;
      labels.push(cur);
      cur = '';
      words = 0;
    } else if ((t === 'dash' || t === 'hyphen') && cur) {
      cur += '-';
    } else if (
      /^[a-z0-9]+$/.test(t) &&
      !(t in SYMBOL) &&
      (labels.length > 0 ||
        (words < 4 && (!NOT_DOMAIN.has(t) || (t === 'and' && words > 0 && tokens.slice(j + 1, j + 4).includes('dot')))))
    ) {
      // "nwankwo and partners dot com": "and" inside a name that runs on to "dot" is part of the domain.
      if (labels.length > 0 && words === 1 && tokens[j + 1] !== 'dot') break; // the top-level domain is one word
      cur += t;
      words++;
    } else break;
  }
  if (cur && !cur.endsWith('-')) labels.push(cur);
  if (labels.length === 1) return PROVIDERS[labels[0]!] ?? null;
  if (labels.length === 0 || !/^[a-z]{2,6}$/.test(labels[labels.length - 1]!)) return null;
  return labels.join('.');
}

/** The local part read backwards from "at" up to a lead-in ("my email is"), a pause, or a remark. */
function readLocal(tokens: string[], at: number): string | null {
  const local: string[] = [];
  for (let k = at - 1; k >= 0 && local.length < 12; k--) {
    const t = tokens[k]!;
    if (t === '|' || (LEAD_IN.has(t) && !(t in SYMBOL))) break;
    local.unshift(t);
  }
  while (local.length && local[0]! in SYMBOL) local.shift();
  if (local.length === 0 || (local.length === 1 && NOT_LOCAL.has(local[0]!))) return null;
  return joinLocal(local);
}

/**
 * Addresses read aloud: "tom dot becker at outlook dot com", "sam at proton mail dot com", "l ortega at
 * ortega dash landscaping dot com", "hannah at price creative dot co dot uk". Unless `cued` (the caller was
 * asked for, or spoke of, an e-mail), only well-known mail providers count, so a website named in passing
 * ("I found you at angies list dot com") does not become the caller's address.
 */
function spokenEmails(text: string, cued: boolean): string[] {
  const tokens = tokenize(text);
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i] !== 'at') continue;
    const host = readDomain(tokens, tokens[i + 1] === 'sign' ? i + 2 : i + 1);
    if (!host || (!cued && !PROVIDER_HOST.test(host))) continue;
    const local = readLocal(tokens, i);
    const email = local ? normalizeEmail(`${local}@${host}`) : null;
    if (email) out.push(email);
  }
  return out;
}

/** Addresses in one utterance; `cued` says an e-mail was asked for or mentioned (default: assume so). */
export function findEmails(text: string, cued = true): string[] {
  const written = [...text.matchAll(WRITTEN)].map((m) => normalizeEmail(m[0])).filter((e): e is string => !!e);
  if (written.length > 0) return written;
  return spokenEmails(text, cued);
}

/** The caller's e-mail address; a later one (a correction or a re-spelling) replaces an earlier one. */
export function extractEmail(turns: TranscriptTurn[]): string | null {
  let email: string | null = null;
  for (const t of callerTurns(turns)) {
    const found = findEmails(t.text, EMAIL_CUE.test(t.prompt) || EMAIL_CUE.test(t.text));
    if (found.length > 0) email = found[found.length - 1]!;
  }
  return email;
}
