import { LEXICON } from './service-lexicon.ts';
import { stem, wordsOf } from './text.ts';

/*
 * Scoring a text against a business's own service list, word by word: each word of a service name matches
 * itself (stemmed, or a derived form sharing most of the word), or an everyday phrase that means it
 * (service-lexicon.ts). Words several of the business's services share (the "move" in "local move" and
 * "piano moving") tell them apart less. chooseService (service.ts) weighs these scores with the rest of
 * the conversation.
 */

/** Words in service names that say what kind of work, not what it is about: weak evidence alone. */
const GENERIC = new Set([
  'repair',
  'installation',
  'install',
  'replacement',
  'cleaning',
  'inspection',
  'service',
  'services',
  'plan',
  'consultation',
  'damage',
  'injury',
  'styling',
  'free',
  'new',
  'and',
  'of',
  'the',
  'for',
  'a',
  'care',
  'control',
  'treatment',
  'removal',
  'help',
  'support',
  'evaluation',
  'visit',
  'cleanup',
  'search',
  'coaching',
  'tutoring',
  'photography',
  'insurance',
  'law',
  'defense',
  'dispute',
  'moving',
  'move',
]);
export const IGNORED = new Set(['free', 'and', 'of', 'the', 'for', 'a', '&']);

/** Compiled phrase patterns, built once: extraction runs per call and must stay well under 5 ms. */
const PATTERNS = new Map<string, RegExp>();
function phrasePattern(phrase: string): RegExp {
  let re = PATTERNS.get(phrase);
  if (!re) {
    const p = phrase.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    re = new RegExp(`(?:^|[^a-z0-9])(${p})(?=$|[^a-z0-9])`, 'g');
    PATTERNS.set(phrase, re);
  }
  return re;
}

function containsPhrase(haystack: string, phrase: string): boolean {
  const re = phrasePattern(phrase);
  re.lastIndex = 0;
  return re.test(haystack);
}

/** "photographer" ~ "photography", "install" ~ "installation": a long shared beginning is the same word. */
function derived(a: string, b: string): boolean {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i >= 6 && i >= 0.75 * n;
}

function stemMatches(word: string, stems: Set<string>): boolean {
  const s = stem(word);
  if (stems.has(s)) return true;
  for (const t of stems) if (derived(s, t)) return true;
  return false;
}

function triggersOf(word: string): string[] {
  return LEXICON[word] ?? LEXICON[stem(word)] ?? [];
}

/** One word of a service name, with what is fixed about it: its stem and its synonyms, split by kind. */
interface ServiceWord {
  word: string;
  stem: string;
  generic: boolean;
  /** Stems of one-word synonyms, in lexicon order. */
  synonymStems: string[];
  /** Multi-word synonyms, in lexicon order. */
  phrases: string[];
}

function serviceWord(word: string): ServiceWord {
  const triggers = triggersOf(word);
  return {
    word,
    stem: stem(word),
    generic: GENERIC.has(word),
    synonymStems: triggers.filter((t) => /^[a-z0-9]+$/.test(t)).map(stem),
    phrases: triggers.filter((t) => !/^[a-z0-9]+$/.test(t)),
  };
}

/** How well the text supports one word of a service name: 0, 1 (the word or a synonym), 1.5 (a synonym phrase). */
function wordSupport(w: ServiceWord, text: string, textStems: Set<string>): number {
  if (stemMatches(w.word, textStems)) return 1;
  // A phrase anywhere in the list beats any one-word synonym, so the order of the checks does not matter.
  for (const t of w.phrases) if (containsPhrase(text, t)) return 1.5;
  for (const s of w.synonymStems) if (textStems.has(s)) return 1;
  return 0;
}

/** Where phrases that support a service's words occur: [start, end) spans of `lower`. */
function phraseSpans(words: ServiceWord[], lower: string): [number, number][] {
  const spans: [number, number][] = [];
  for (const w of words) {
    for (const t of w.phrases) {
      for (const m of lower.matchAll(phrasePattern(t)))
        spans.push([m.index + m[0].length - m[1]!.length, m.index + m[0].length]);
    }
  }
  return spans;
}

/** What scoring needs from a business's service list, independent of any call's words. */
interface ServiceProfile {
  words: ServiceWord[][];
  /** Document frequency by stem, so "move" and "moving" count as one shared word. */
  df: Map<string, number>;
}

/**
 * Profiles by service list and domain. A business's list is the same on every one of its calls, so this is
 * worked out once rather than per call (bounded: a worker serving many businesses does not grow without limit).
 */
const PROFILES = new Map<string, ServiceProfile>();
function profileOf(services: string[], domain: string): ServiceProfile {
  const key = `${domain}\u0000${services.join('\u0000')}`;
  let profile = PROFILES.get(key);
  if (profile) return profile;
  const domainStems = new Set(wordsOf(domain).map(stem));
  const isDomain = (w: string) => stemMatches(w, domainStems);
  const words = services.map((s) => {
    const ws = wordsOf(s).filter((w) => !IGNORED.has(w));
    const own = ws.filter((w) => !isDomain(w));
    return (own.length > 0 ? own : ws).map(serviceWord);
  });
  const df = new Map<string, number>();
  for (const ws of words) for (const w of new Set(ws.map((x) => x.stem))) df.set(w, (df.get(w) ?? 0) + 1);
  profile = { words, df };
  if (PROFILES.size >= 500) PROFILES.clear();
  PROFILES.set(key, profile);
  return profile;
}

export interface ServiceScore {
  service: string;
  score: number;
}

/**
 * Every service with distinctive evidence in `text`, best first. `domain` is what the business is
 * ("Summit Roofing", "roofing"): its words ("roof") say nothing about which of its services is meant.
 * A synonym phrase claims its words: "locked myself out" supports "lockout", and its "locked" is then no
 * evidence for "lock installation".
 */
export function scoreServices(text: string, services: string[], domain = ''): ServiceScore[] {
  const lower = ` ${text.toLowerCase()} `;
  const { words: serviceWords, df } = profileOf(services, domain);
  const claims = serviceWords.map((ws) => phraseSpans(ws, lower));
  let allStems: Set<string> | null = null;
  const out: ServiceScore[] = [];
  services.forEach((service, i) => {
    const ws = serviceWords[i]!;
    if (ws.length === 0) return;
    // The text as this service sees it: words claimed by another service's phrases blanked out.
    let own = lower;
    const mine = claims[i]!;
    claims.forEach((spans, j) => {
      if (j === i) return;
      for (const [a, b] of spans) {
        if (mine.some(([c, d]) => c < b && a < d)) continue; // both services claim it: evidence for both
        own = own.slice(0, a) + ' '.repeat(b - a) + own.slice(b);
      }
    });
    // Stemming the whole text per service is the costly part; most services blank nothing and share it.
    let stems: Set<string>;
    if (own !== lower) stems = new Set(wordsOf(own).map(stem));
    else {
      allStems ??= new Set(wordsOf(lower).map(stem));
      stems = allStems;
    }
    const allGeneric = ws.every((w) => w.generic);
    let total = 0;
    let matched = 0;
    let distinctive = false;
    for (const w of ws) {
      const shared = df.get(w.stem) ?? 1;
      const weight = (w.generic ? 1 : 3) / shared;
      total += weight;
      const support = wordSupport(w, own, stems);
      if (support > 0) {
        matched += weight * support;
        // What sets this service apart: a word most of the others lack (a generic one only when it has nothing else).
        const rare = shared === 1 || shared * 2 <= services.length;
        if ((rare && (!w.generic || (allGeneric && shared === 1))) || ws.length === 1) distinctive = true;
      }
    }
    if (!distinctive) return;
    out.push({ service, score: matched * Math.min(1, matched / total) });
  });
  return out.sort((a, b) => b.score - a.score);
}

/** The best-supported service in a text, or null when nothing the caller said points at one. */
export function matchService(text: string, services: string[]): string | null {
  return scoreServices(text, services)[0]?.service ?? null;
}
