import type { ExtractedLead, TranscriptTurn } from '../../lead.schema.ts';
import { negatedBefore } from './text.ts';
import {
  DANGER,
  DAMAGE_NOW,
  LOCKED_OUT,
  LOCKOUT_DANGER,
  VULNERABLE,
  DANGEROUS_FAILURE,
  EXTREME_WEATHER,
  CLIMATE_FAILURE,
  SECURITY,
  FREEZE_RISK,
  SEVERE_PAIN,
  HIGH_TIME,
  ASKED_NOW,
  ASAP,
  HARD_REASON,
  CALM,
  FLEXIBLE,
  LATER,
  NEAR,
  PAST_CLAUSE,
  PRICE_SHOPPING,
  BOOKING,
  BUSINESS,
  BUSINESS_STOPPED,
  CONTAINED,
  MINOR,
  HAZARD,
} from './urgency-cues.ts';

type Urgency = NonNullable<ExtractedLead['urgency']>;
type Temperature = NonNullable<ExtractedLead['temperature']>;

/*
 * Urgency is read as a scale from kinds of evidence, not from one list of trigger phrases:
 *   emergency — danger to people (injury, poison, fire, gas, something about to fall on someone), damage
 *               happening now (water escaping, rain coming in), or a failure someone vulnerable cannot wait out;
 *   high      — a deadline within days, pain now, an explicit "urgent"/"as soon as possible", or a failure that
 *               cannot wait (no hot water, food spoiling, a heat wave) with the caller wanting it today/tomorrow;
 *   low       — the caller says it can wait (explicit calm), or wants it weeks or months away;
 *   normal    — a real need with none of the above (price questions included).
 * Each cue is ignored when negated ("not an emergency", "nothing's leaking") or told about the past
 * ("he got stung last summer").
 */

const YES = /^\W*(?:yes|yeah|yep|yup|uh-?huh|it is|he is|she is|they are|there is|definitely|absolutely|i do|we do)\b/i;
/** "Is it still leaking?" → "it still leaking?" → "still leaking": the question's content, without its auxiliary. */
const AUXILIARY =
  /^\W*(?:(?:and|so|okay|ok|alright)[,\s]+)?(?:is|are|was|were|does|do|did|has|have|can|could|will|would)\s+(?:it|he|she|they|there|anyone|anybody|someone|somebody|you)?\s*/i;

/**
 * The agent's yes/no questions the caller said yes to, as caller-side statements: "Is water still coming
 * out?" — "Yes!" says water is still coming out. Lets a short answer carry the evidence its question names.
 * A "no" adds nothing: what the caller then says ("No, he's wheezing") speaks for itself.
 */
export function answeredQuestions(turns: TranscriptTurn[]): string {
  const out: string[] = [];
  turns.forEach((t, i) => {
    const reply = turns[i + 1];
    if (t.speaker !== 'agent' || i === 0 || reply?.speaker !== 'caller') return;
    const question = t.text.split(/(?<=[.!])\s+/).pop() ?? '';
    if (!/\?\s*$/.test(question) || !AUXILIARY.test(question)) return;
    const content = question.replace(AUXILIARY, '').replace(/\?\s*$/, '');
    if (YES.test(reply.text)) out.push(`${content}.`);
  });
  return out.join('\n');
}

/** "We're buying a new place next month": a clause telling what the caller is doing then, not when they want us. */
const DOING_THEN = /\b(?:we'?re|i'?m|we are|i am|he'?s|she'?s|they'?re)\s+(?:\w+\s+)?\w+ing\b/;

/** A far-off time named as when the work is wanted. */
function wantedLater(t: string): boolean {
  const m = LATER.exec(t);
  if (!m || negatedBefore(t, m.index)) return false;
  const start = Math.max(t.lastIndexOf('.', m.index), t.lastIndexOf(',', m.index), t.lastIndexOf('\n', m.index));
  const clause = t.slice(start + 1, m.index);
  // "My wedding is in the spring": when something else is, not when the work is wanted.
  return /^(?:sometime|not)\b/.test(m[0]) || !(DOING_THEN.test(clause) || /\b(?:is|are|was|'s)\s+$/.test(clause));
}

/** Denials the shared check does not read: "I don't think it's an emergency", "nobody's allergic". */
const DENIED =
  /(?:\b(?:don'?t|do not|wouldn'?t|would not|doesn'?t|didn'?t) (?:think|say|call|consider|believe|feel like)\b[\s\w']{0,16}|\b(?:nobody|no one|no-one|none of (?:us|them))(?: here| else| in the house| at home)?(?:'s| is| are| was| were| got| has)? )$/;

/** Damage that goes on whatever was done about it. */
const STILL_GOING =
  /\bstill (?:dripping|leaking|pouring|spraying|gushing|coming|running|flooding|spreading)\b|\bwon'?t stop\b/;

/** Global twins of the cue patterns, built once each, so every occurrence can be looked at. */
const EVERY = new WeakMap<RegExp, RegExp>();

/** A cue occurs undenied: "nobody's hurt, but it hurts to walk" still has pain in it. */
function hits(text: string, re: RegExp): boolean {
  let all = EVERY.get(re);
  if (!all) {
    all = new RegExp(re.source, 'g');
    EVERY.set(re, all);
  }
  all.lastIndex = 0;
  for (let m = all.exec(text); m !== null; m = all.exec(text)) {
    if (!negatedBefore(text, m.index) && !DENIED.test(text.slice(Math.max(0, m.index - 40), m.index))) return true;
    if (m[0] === '') all.lastIndex++;
  }
  return false;
}

/** "…last week and the furnace just quit": a new statement with its own subject starts a new clause. */
const NEW_STATEMENT =
  /,?\s+(?:and|but|so)\s+(?=(?:i|i'm|we|we're|my|our|the|it|it's|he|she|they|there|there's|his|her)\b)/;

/** Clauses of the caller's words that speak about now (history dropped), rejoined. */
function presentText(t: string): string {
  return t
    .split(/(?<=[.!?,;])\s+|\n/)
    .flatMap((s) => (PAST_CLAUSE.test(s) ? s.split(NEW_STATEMENT) : [s]))
    .filter((s) => !PAST_CLAUSE.test(s))
    .join('\n');
}

/** The business's local hour (0-23) and month (1-12) when the call came in. */
export interface CallTime {
  hour?: number;
  month?: number;
}

const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
/**
 * A month offered as when the work could be ("maybe April?", "sometime in October"), not a date ("April 3rd"),
 * nor "may" the verb, nor when something else is ("he starts the new job in August").
 */
const MONTH_ALONE = new RegExp(
  String.raw`\b(?:maybe|around|sometime in|some time in|early|mid|late|probably|say|ideally|hopefully)\s+(?:in\s+)?(${MONTH_NAMES.join('|')})\b(?!\s+(?:the\s+)?\d)`,
);

/** How many months ahead the month the caller wants is (0 when none is named or it is this month). */
function monthsAway(t: string, month: number | undefined): number {
  const m = month === undefined ? null : MONTH_ALONE.exec(t);
  if (!m || negatedBefore(t, m.index)) return 0;
  const start = Math.max(t.lastIndexOf('.', m.index), t.lastIndexOf(',', m.index), t.lastIndexOf('\n', m.index));
  // "My wedding is in October": when something else is, not when the work is wanted.
  if (/\b(?:is|are|was|'s)\s+$/.test(t.slice(start + 1, m.index))) return 0;
  return (MONTH_NAMES.indexOf(m[1]!) + 1 - month! + 12) % 12;
}

/** What a call says about urgency, each kind of evidence read once. */
interface Evidence {
  danger: boolean;
  damageNow: boolean;
  /** The water is off or has stopped, or it is a small drip: not damage that cannot wait. */
  contained: boolean;
  lockedOut: boolean;
  lockoutDanger: boolean;
  /** Someone who cannot wait out an endangering failure lives there (a state, so history counts: "the baby came last week"). */
  vulnerable: boolean;
  endangeringFailure: boolean;
  climateFailure: boolean;
  deadlineDays: number | null;
  calm: boolean;
  soon: boolean;
  askedNow: boolean;
  pain: boolean;
  weatherRisk: boolean;
  /** A home that cannot be secured, or a hazard that could hurt someone soon (ice on the steps). */
  security: boolean;
  businessStopped: boolean;
  hardReason: boolean;
  flexible: boolean;
  nearDay: boolean;
  wantedLater: boolean;
  preferredDays: number | null;
}

function evidence(t: string, preferredDays: number | null, deadlineDays: number | null, at: CallTime): Evidence {
  const now = presentText(t);
  const climateFailure = hits(now, CLIMATE_FAILURE);
  return {
    danger: DANGER.some((re) => hits(now, re)),
    damageNow: DAMAGE_NOW.some((re) => hits(now, re)),
    // "I turned off the valve but it's still dripping everywhere": shut off, and not contained.
    contained: (CONTAINED.test(t) || hits(now, MINOR)) && !STILL_GOING.test(t),
    lockedOut: hits(now, LOCKED_OUT),
    // Shut out after dark is dangerous whether or not the caller says it is night.
    lockoutDanger: hits(now, LOCKOUT_DANGER) || (at.hour !== undefined && (at.hour >= 21 || at.hour < 6)),
    vulnerable: hits(t, VULNERABLE),
    endangeringFailure: climateFailure || hits(now, DANGEROUS_FAILURE),
    climateFailure,
    deadlineDays,
    calm: hits(t, CALM),
    soon: hits(t, HIGH_TIME) || (preferredDays !== null && preferredDays <= 1),
    askedNow: hits(t, ASAP) || hits(t, ASKED_NOW),
    pain: hits(now, SEVERE_PAIN),
    weatherRisk: (climateFailure && hits(now, EXTREME_WEATHER)) || hits(now, FREEZE_RISK),
    security: hits(now, SECURITY) || hits(now, HAZARD),
    businessStopped: hits(t, BUSINESS) && hits(now, BUSINESS_STOPPED),
    hardReason: hits(t, HARD_REASON),
    flexible: hits(now, FLEXIBLE),
    nearDay: NEAR.test(t),
    wantedLater: wantedLater(t) || monthsAway(t, at.month) >= 2,
    preferredDays,
  };
}

/**
 * The scale, strongest evidence first: the first rule that holds decides. Danger outweighs any calm; calm
 * outweighs damage that can wait (a drip into a pan) and a wish for a near day, but not a near deadline.
 */
const SCALE: [Urgency, (e: Evidence) => boolean][] = [
  ['emergency', (e) => e.danger],
  ['emergency', (e) => !e.calm && !e.contained && e.damageNow],
  ['emergency', (e) => !e.calm && e.lockedOut && e.lockoutDanger],
  ['emergency', (e) => e.vulnerable && e.endangeringFailure],
  ['high', (e) => e.deadlineDays !== null && e.deadlineDays <= 14],
  ['low', (e) => e.calm],
  ['high', (e) => e.lockedOut || e.askedNow || e.pain || e.weatherRisk || e.security || e.businessStopped],
  ['high', (e) => e.soon && e.hardReason],
  // "Whenever you have something next week" is flexible about the hour, not in no hurry.
  ['low', (e) => e.flexible && !e.nearDay],
  // A caller who names a day within two weeks wants it then, whatever else is "next month".
  ['low', (e) => e.wantedLater && (e.preferredDays === null || e.preferredDays > 14)],
];

/**
 * `daysToDeadline`: days until something the work must come before ("the inspection is Friday"); a
 * deadline within two weeks makes a call high urgency whatever else is said. `at`: the business's local
 * hour and month when the call came in (a lockout after dark is an emergency; "maybe April" asked in
 * February is months away).
 */
export function classifyUrgency(
  callerText: string,
  daysUntilPreferred: number | null,
  daysToDeadline: number | null = null,
  at: CallTime = {},
): Urgency {
  const e = evidence(callerText.toLowerCase(), daysUntilPreferred, daysToDeadline, at);
  return SCALE.find(([, holds]) => holds(e))?.[0] ?? 'normal';
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
