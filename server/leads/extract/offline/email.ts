import type { TranscriptTurn } from '../../lead.schema.ts';
import { parseSmallNumber } from './numbers.ts';
import { callerTurns } from './text.ts';

const WRITTEN = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const VALID = /^[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}$/;

/** Lower-cased, trimmed address, or null when it is not one. */
export function normalizeEmail(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const e = raw.trim().toLowerCase().replace(/^mailto:/, '').replace(/[.,;]+$/, '');
  return VALID.test(e) ? e : null;
}

/** Words that end the local part when reading backwards from "at": "my email is tom dot becker at …". */
const LEAD_IN = new Set(
  `is it's its it that's thats my email e-mail address me at you can use send to the reach yes yeah yep sure
  ok okay so um uh er and or it’s mail write down just try contact i'm im be should would emails`.split(/\s+/),
);
const SYMBOL: Record<string, string> = { dot: '.', period: '.', point: '.', underscore: '_', dash: '-', hyphen: '-', plus: '+' };
const KNOWN_DOMAINS = /^(gmail|googlemail|yahoo|outlook|hotmail|icloud|aol|proton|protonmail|live|msn|me|comcast|verizon|att)$/;

/** Turns spoken tokens of an address part into text: spelled letters and number words collapse. */
function joinTokens(tokens: string[]): string {
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

/** Addresses read aloud: "tom dot becker at outlook dot com", "j smith underscore two at gmail dot com". */
function spokenEmails(text: string): string[] {
  const tokens = (text.toLowerCase().match(/[a-z0-9]+(?:['’][a-z]+)?|@/g) ?? []).map((t) => (t === '@' ? 'at' : t));
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i] !== 'at' && !(tokens[i] === 'sign' && tokens[i - 1] === 'at')) continue;
    // Domain: word (dot word)+, or a bare known provider ("at gmail") which implies .com.
    const domain: string[] = [];
    let j = i + 1;
    if (tokens[j] === 'sign') j++;
    while (j < tokens.length && /^[a-z0-9-]+$/.test(tokens[j]!) && !(tokens[j]! in SYMBOL)) {
      domain.push(tokens[j]!);
      j++;
      if (tokens[j] === 'dot' || tokens[j] === 'period') {
        domain.push('.');
        j++;
      } else break;
    }
    if (domain[domain.length - 1] === '.') domain.pop();
    let host = domain.join('').replace(/\s+/g, '');
    if (!host.includes('.')) {
      if (host && KNOWN_DOMAINS.test(host)) host += '.com';
      else continue;
    }
    const local: string[] = [];
    for (let k = i - 1; k >= 0; k--) {
      const t = tokens[k]!;
      if (LEAD_IN.has(t) && !(t in SYMBOL)) break;
      local.unshift(t);
      if (local.length > 12) break;
    }
    while (local.length && local[0]! in SYMBOL) local.shift();
    if (local.length === 0) continue;
    const email = normalizeEmail(`${joinTokens(local)}@${host}`);
    if (email) out.push(email);
  }
  return out;
}

export function findEmails(text: string): string[] {
  const written = [...text.matchAll(WRITTEN)].map((m) => normalizeEmail(m[0])).filter((e): e is string => !!e);
  if (written.length > 0) return written;
  // Spelled letters ("j-o-h-n") come out as one-letter tokens, which the local part joins anyway.
  return spokenEmails(text);
}

/** The caller's e-mail address; a later one (a correction or a re-spelling) replaces an earlier one. */
export function extractEmail(turns: TranscriptTurn[]): string | null {
  let email: string | null = null;
  for (const t of callerTurns(turns)) {
    const found = findEmails(t.text);
    if (found.length > 0) email = found[found.length - 1]!;
  }
  return email;
}
