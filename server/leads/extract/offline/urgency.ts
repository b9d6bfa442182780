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
  // Damage happening now: water coming through a ceiling, smoke out of an outlet, sewage coming up.
  /\bwater(?:'s| is)? (?:dripping|leaking|coming|pouring|running) (?:through|from|into|down|in)\b/,
  /\b(?:smoke|sparks?|flames?) (?:is |are )?(?:coming|pouring|shooting)\b/,
  /\b(?:sewage|sewer) (?:is |are )?(?:coming|backing|backed) (?:up|out)\b/,
  /\blocked (?:myself|ourselves|my ?self|him|her|them) out\b|\blocked out\b/,
  // Danger to people: a hazard that could fall on or hurt someone, an animal poisoned or injured.
  /\b(?:going to|gonna|could|might|about to) (?:fall|collapse|come down) on\b|\b(?:someone|somebody|anyone) (?:could|might|is going to) get hurt\b/,
  /\b(?:ransomware|files are encrypted|been hacked|hacked right now)\b/,
  /\b(?:hit by a car|can'?t stand|not breathing|seizure|collapsed|unresponsive|poison(?:ed|ing)?|swallowed|got into (?:a |the )?(?:whole )?(?:box|bag|bottle))\b/,
];
/** Someone who cannot wait out a failure: with one, a failure of heat, cooling or access is an emergency. */
const VULNERABLE =
  /\b(?:baby|infant|newborn|toddler|allergic|elderly|pregnant|oxygen|disabled|asthma|(?:mom|mother|dad|father|grandma|grandmother|grandpa|grandfather|parent)s? (?:is|are) (?:eighty|ninety|\d{2}))\b/;
const FAILURE_NOW =
  /\b(?:quit|died|stopped|not working|isn'?t working|won'?t|no (?:heat|ac|air|power)|locked|stuck|nest|swarm|hive|bees|wasps|hornets|stung|sting|snake|gas|smoke|degrees|freezing|inside)\b/;
/** Wants it today or within days for a hard reason. */
const HIGH_TIME =
  /\b(asap|as soon as (?:possible|you can)|right away|urgent(?:ly)?|immediately|today|tonight|this (?:morning|afternoon|evening)|tomorrow|first thing)\b/;
const HARD_REASON =
  /\b(for work|to work|freezing|below zero|grinding|slipping|snapped|stuck|spoil\w*|melting|warm|pain|hurts?|hurting|injur\w*|killing me|hospital|doctor|insurance (?:keeps|is)|deadline|court|statute|served|eviction|no (?:hot water|heat|ac|air|power|water)|not (?:working|cooling|heating)|broken|stopped working|leak\w*|guests? (?:coming|arriving)|wedding|closing on|inspection (?:is|on))\b/;
const LOW =
  /\b(no (?:big |real |huge )?(?:rush|hurry)|not urgent|nothing urgent|whenever|not in a (?:big )?hurry|planning ahead|just thinking about|down the road|eventually|at some point|been putting it off|after the holidays|no commitment|flexible (?:on|with|about) (?:timing|time|the date|dates|when)|not a (?:big )?deal|take your time|no deadline)\b/;
/** A far-off time is only a low-urgency cue when it is when the work is wanted, not a deadline ("my wedding's next month"). */
const LATER =
  /\b(sometime (?:next|in the next) (?:month|year)|sometime in (?:the )?(?:spring|summer|fall|autumn|winter|january|february|march|april|may|june|july|august|september|october|november|december)|in a few (?:months|weeks)|next (?:month|year|spring|summer|fall|winter))\b/;
const NEAR = /\b(?:this|next) week\b|\b(?:today|tonight|tomorrow)\b/;
const PRICE_SHOPPING =
  /\b(how much|what (?:do|would) you charge|what(?:'s| is) (?:the|your) (?:price|rate|cost|fee)|getting (?:a few|some|several|multiple) (?:quotes|estimates|prices)|shopping around|ballpark|just (?:wondering|checking) (?:what|how much|about (?:price|cost))|price check|compare)\b/;
const BOOKING =
  /\b(book|booked|schedule|appointment|come (?:out|by|over)|set (?:it|that|one) up|sign (?:me )?up|reserve|go ahead|let'?s do|works for me|sounds good|see you)\b/;

function hits(text: string, re: RegExp): boolean {
  const m = re.exec(text);
  return m !== null && !negatedBefore(text, m.index);
}

/**
 * `daysToDeadline`: days until something the work must come before ("the inspection is Friday"); a
 * deadline within two weeks makes a call high urgency whatever else is said.
 */
export function classifyUrgency(
  callerText: string,
  daysUntilPreferred: number | null,
  daysToDeadline: number | null = null,
): Urgency {
  const t = callerText.toLowerCase();
  if (EMERGENCY.some((re) => hits(t, re))) return 'emergency';
  if (hits(t, VULNERABLE) && hits(t, FAILURE_NOW)) return 'emergency';
  if (daysToDeadline !== null && daysToDeadline <= 14) return 'high';
  const soon = hits(t, HIGH_TIME) || (daysUntilPreferred !== null && daysUntilPreferred <= 1);
  const asap =
    /\b(asap|as soon as (?:possible|you can)|right away|urgent(?:ly)?|immediately)\b/.test(t) &&
    !/\bnot urgent\b/.test(t);
  if (asap || (soon && hits(t, HARD_REASON))) return 'high';
  // "Whenever you have something next week" is flexible about the hour, not in no hurry.
  if (hits(t, LOW) && !NEAR.test(t)) return 'low';
  // A caller who names a day within two weeks wants it then, whatever else is "next month".
  if (hits(t, LATER) && (daysUntilPreferred === null || daysUntilPreferred > 14)) return 'low';
  return 'normal';
}

/**
 * Hot: an emergency, high urgency, or ready to book within a few days. Cold: price shopping or just
 * information with no booking. Warm: a real need without a rush.
 */
export function classifyTemperature(
  callerText: string,
  urgency: Urgency,
  daysUntilPreferred: number | null,
): Temperature {
  const t = callerText.toLowerCase();
  if (urgency === 'emergency' || urgency === 'high') return 'Hot';
  const shopping = hits(t, PRICE_SHOPPING);
  if (daysUntilPreferred !== null && daysUntilPreferred <= 3 && !shopping) return 'Hot';
  if (shopping && daysUntilPreferred === null) return 'Cold';
  if (urgency === 'low' && !hits(t, BOOKING)) return 'Cold';
  return 'Warm';
}
