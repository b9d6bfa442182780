import type { ExtractedLead, TranscriptTurn } from '../../lead.schema.ts';
import { IGNORED, matchService, scoreServices } from './service-score.ts';
import { callerTurns, stem, wordsOf } from './text.ts';

export { matchService, scoreServices, type ServiceScore } from './service-score.ts';

/**
 * Picking one of the business's own services from the conversation. Service names are free text set by each
 * business, so matching works word by word: each word of a service name matches itself (stemmed, or a
 * derived form sharing most of the word), or an everyday phrase that means it (service-lexicon.ts). Words
 * several of the business's services share (the "move" in "local move" and "piano moving") tell them apart
 * less. The agent naming a service back ("we can do sod installation") is strong evidence; a service the
 * caller turns down ("no, I'll pack myself") is ruled out; an "emergency …" service needs an emergency.
 * When nothing distinctive points at one service the answer is null rather than a guess.
 */

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
