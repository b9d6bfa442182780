import type { ExtractedLead } from '../../lead.schema.ts';
import { negatedBefore } from './text.ts';

type Urgency = NonNullable<ExtractedLead['urgency']>;
type Temperature = NonNullable<ExtractedLead['temperature']>;

/** Damage or danger happening now. */
const EMERGENCY = [
  /\b(?:water|sewage) (?:is )?(?:pouring|gushing|spraying|coming (?:in|through|out)|pooling|everywhere|flooding)\b/,
  /\b(?:pipe|pipes|main|hose|tank) (?:has |have )?(?:burst|bursting|exploded|broke)\b/,
  /\bburst (?:pipe|main)\b/,
  /\b(?:flooding|flooded|is flooding)\b/,
  /\b(?:smell (?:gas|smoke)|gas (?:leak|smell)|smells like gas|carbon monoxide|co alarm|co detector)\b/,
  /\b(?:sparking|sparks|smoke (?:coming|is)|on fire|caught fire|burning smell)\b/,
  /\b(?:sewage|sewer) (?:backing|backed|coming) up\b/,
  /\b(?:roof (?:caved|collapsed)|tree (?:fell|came down) (?:on|through)|hole in (?:the|my) roof)\b/,
  /\b(?:no heat|heat (?:is )?(?:out|not working)|furnace (?:is )?(?:out|dead)).{0,40}\b(?:freezing|below zero|baby|elderly|pipes)\b/,
  /\b(?:locked out|bleeding|can'?t breathe|unconscious|emergency)\b/,
  /\b(?:still dripping|dripping everywhere|leaking (?:right now|everywhere|badly))\b/,
];
/** Wants it today or within days for a hard reason. */
const HIGH_TIME = /\b(asap|as soon as (?:possible|you can)|right away|urgent(?:ly)?|immediately|today|tonight|this (?:morning|afternoon|evening)|tomorrow|first thing)\b/;
const HARD_REASON = /\b(pain|hurts?|hurting|injur\w*|killing me|hospital|doctor|insurance (?:keeps|is)|deadline|court|statute|served|eviction|no (?:hot water|heat|ac|air|power|water)|not (?:working|cooling|heating)|broken|stopped working|leak\w*|guests? (?:coming|arriving)|wedding|closing on|inspection (?:is|on))\b/;
const LOW = /\b(no rush|no hurry|not urgent|whenever (?:is )?convenient|not in a hurry|planning ahead|just thinking about|down the road|eventually)\b/;
/** A far-off time is only a low-urgency cue when it is when the work is wanted, not a deadline ("my wedding's next month"). */
const LATER = /\b(sometime (?:next|in the next) (?:month|year)|in a few (?:months|weeks)|next (?:month|year|spring|summer|fall|winter))\b/;
const PRICE_SHOPPING = /\b(how much|what (?:do|would) you charge|what(?:'s| is) (?:the|your) (?:price|rate|cost|fee)|getting (?:a few|some|several|multiple) (?:quotes|estimates|prices)|shopping around|ballpark|just (?:wondering|checking) (?:what|how much|about (?:price|cost))|price check|compare)\b/;
const BOOKING = /\b(book|booked|schedule|appointment|come (?:out|by|over)|set (?:it|that|one) up|sign (?:me )?up|reserve|go ahead|let'?s do|works for me|sounds good|see you)\b/;

function hits(text: string, re: RegExp): boolean {
  const m = re.exec(text);
  return m !== null && !negatedBefore(text, m.index);
}

export function classifyUrgency(callerText: string, daysUntilPreferred: number | null): Urgency {
  const t = callerText.toLowerCase();
  if (EMERGENCY.some((re) => hits(t, re))) return 'emergency';
  const soon = hits(t, HIGH_TIME) || (daysUntilPreferred !== null && daysUntilPreferred <= 1);
  const asap = /\b(asap|as soon as (?:possible|you can)|right away|urgent(?:ly)?|immediately)\b/.test(t) && !/\bnot urgent\b/.test(t);
  if (asap || (soon && hits(t, HARD_REASON))) return 'high';
  if (hits(t, LOW)) return 'low';
  // A caller who names a day within two weeks wants it then, whatever else is "next month".
  if (hits(t, LATER) && (daysUntilPreferred === null || daysUntilPreferred > 14)) return 'low';
  return 'normal';
}

/**
 * Hot: an emergency, high urgency, or ready to book within a few days. Cold: price shopping or just
 * information with no booking. Warm: a real need without a rush.
 */
export function classifyTemperature(callerText: string, urgency: Urgency, daysUntilPreferred: number | null): Temperature {
  const t = callerText.toLowerCase();
  if (urgency === 'emergency' || urgency === 'high') return 'Hot';
  const shopping = hits(t, PRICE_SHOPPING);
  if (daysUntilPreferred !== null && daysUntilPreferred <= 3 && !shopping) return 'Hot';
  if (shopping && daysUntilPreferred === null) return 'Cold';
  if (urgency === 'low' && !hits(t, BOOKING)) return 'Cold';
  return 'Warm';
}
