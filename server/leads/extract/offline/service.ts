import type { ExtractedLead, TranscriptTurn } from '../../lead.schema.ts';
import { LEXICON } from './service-lexicon.ts';
import { callerTurns, stem, wordsOf } from './text.ts';

/**
 * Picking one of the business's own services from the conversation. Service names are free text set by each
 * business, so matching works word by word: each word of a service name matches itself (stemmed, or a
 * derived form sharing most of the word), or an everyday phrase that means it (service-lexicon.ts). Words
 * several of the business's services share (the "move" in "local move" and "piano moving") tell them apart
 * less. The agent naming a service back ("we can do sod installation") is strong evidence; a service the
 * caller turns down ("no, I'll pack myself") is ruled out; an "emergency …" service needs an emergency.
 * When nothing distinctive points at one service the answer is null rather than a guess.
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
const IGNORED = new Set(['free', 'and', 'of', 'the', 'for', 'a', '&']);

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

/** Agent questions about contact details: the caller's answers say nothing about the service. */
const CONTACT_PROMPT = /\b(?:name|number|phone|e-?mail|address|spell|mobile|cell|reach you|zip|postcode)\b/i;
const SAYS_NO = /^\W*(?:oh,?\s+)?(?:no|nope|nah|not really|no thanks)\b/i;
/** The caller doing it themselves or not needing it: "we'll do all the packing ourselves". */
const DECLINES = [
  /\b(?:do|doing|handle|handling|manage|take care of)\s+([^.;,]{1,40}?)\s+(?:ourselves|myself|on (?:our|my) own)\b/gi,
  /\b((?:pack|box|move|clean|paint|haul)\w*)\b[^.;,]{0,30}?\b(?:ourselves|myself|on (?:our|my) own)\b/gi,
  /\b(?:don'?t need|no need for|not looking for|without)\s+([^.;,]{1,40})/gi,
];
const EMERGENCY_SERVICE = /\bemergency\b/i;
/** An agent question that offers work ("do you also need…", "would you like…"), as opposed to asking about symptoms. */
const OFFERS =
  /\b(?:(?:do|did) you (?:also |still )?(?:need|want)|would you (?:also )?(?:like|want)|are you (?:also )?(?:looking|interested)|should we (?:also )?|shall we|want us to|need us to|also need|as well)\b/i;

const NAMED = new Map<string, RegExp>();
function phraseOf(service: string): RegExp {
  let re = NAMED.get(service);
  if (!re) {
    const words = wordsOf(service).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    re = new RegExp(`\\b${words.join('[\\s-]+')}s?\\b`, 'i');
    NAMED.set(service, re);
  }
  return re;
}

export interface ServiceContext {
  turns: TranscriptTurn[];
  services: string[];
  urgency: ExtractedLead['urgency'];
  /** The business's name and industry: words of its trade, not of one service. */
  domain?: string;
}

/**
 * The service for a lead, from the whole conversation: the caller's own words (not their answers to
 * contact questions), the agent's restatement, what the caller turned down, and the urgency.
 */
export function chooseService({ turns, services, urgency, domain = '' }: ServiceContext): string | null {
  const callers = callerTurns(turns);
  const evidence = callers.filter((t) => !CONTACT_PROMPT.test(t.prompt) || t.text.split(/\s+/).length > 12);
  const text = evidence.map((t) => t.text).join('\n');
  const ruledOut = new Set<string>();
  const restated = new Set<string>();
  /** Services the caller's own words supported before turn `i`. */
  const saidBefore = (i: number) =>
    new Set(
      scoreServices(
        evidence
          .filter((c) => c.index < i)
          .map((c) => c.text)
          .join('\n'),
        services,
        domain,
      ).map((x) => x.service),
    );
  // The agent's turns after its greeting: a service named back, or offered and turned down.
  turns.forEach((t, i) => {
    if (t.speaker !== 'agent' || i === 0) return;
    const reply = turns[i + 1]?.speaker === 'caller' ? turns[i + 1]!.text : '';
    const asked = /\?\s*$/.test(t.text) && SAYS_NO.test(reply);
    const mentioned = asked
      ? new Set(scoreServices(t.text, services, domain).map((x) => x.service))
      : new Set<string>();
    // A "no" answers what the question adds. "Any scorch marks on the outlets?" — "No" denies the scorch
    // marks, not the outlets the caller already described; "Do you need packing too?" — "No" turns packing down.
    const said = mentioned.size > 0 && !OFFERS.test(t.text) ? saidBefore(i) : new Set<string>();
    for (const s of services) {
      const named = phraseOf(s).test(t.text);
      const offered = named || mentioned.has(s);
      if (offered && asked && !said.has(s)) ruledOut.add(s);
      else if (named) restated.add(s);
    }
  });
  // Only what is turned down is ruled out: the object of "we'll do the packing ourselves", not the move.
  for (const re of DECLINES) {
    for (const m of text.matchAll(re))
      for (const { service } of scoreServices(m[1]!, services, domain)) ruledOut.add(service);
  }
  const scores = new Map(scoreServices(text, services, domain).map((s) => [s.service, s.score]));
  // The agent's own statements ("we can run diagnostics", "sounds like it came off track") restate the need
  // in the business's words; half weight, since the caller's words come first. Questions are not statements.
  const agentSays = turns
    .filter((t, i) => t.speaker === 'agent' && i > 0)
    .flatMap((t) => t.text.split(/(?<=[.!?])\s+/))
    .filter((sentence) => !/\?\s*$/.test(sentence))
    .join('\n');
  for (const { service, score } of scoreServices(agentSays, services, domain))
    scores.set(service, (scores.get(service) ?? 0) + score / 2);
  let best: string | null = null;
  let bestScore = 0;
  for (const s of services) {
    if (ruledOut.has(s) && !restated.has(s)) continue;
    let score = scores.get(s) ?? 0;
    if (restated.has(s)) score += 4;
    if (EMERGENCY_SERVICE.test(s)) {
      if (urgency === 'emergency') score += 6;
      else if (urgency === 'high') score += 2;
      else if (!restated.has(s)) continue;
    }
    if (score > bestScore) {
      best = s;
      bestScore = score;
    }
  }
  return best;
}

/** Maps a free-text service (e.g. from the LLM) onto the business's list, or null. */
export function snapService(value: string | null | undefined, services: string[]): string | null {
  if (!value) return null;
  const exact = services.find((s) => s.toLowerCase() === value.trim().toLowerCase());
  if (exact) return exact;
  const valueStems = new Set(wordsOf(value).map(stem));
  let best: string | null = null;
  let bestOverlap = 0;
  for (const s of services) {
    const ws = wordsOf(s)
      .filter((w) => !IGNORED.has(w))
      .map(stem);
    if (ws.length === 0) continue;
    const overlap = ws.filter((w) => valueStems.has(w)).length / ws.length;
    if (overlap > bestOverlap) {
      best = s;
      bestOverlap = overlap;
    }
  }
  return bestOverlap >= 0.5 ? best : matchService(value, services);
}
