/**
 * Dates in a caller's words are of two kinds: when they want the work done ("Thursday works", "could you
 * come Friday?") and when something else happens that the work must come before ("before I move in on
 * Friday", "the walkthrough is Friday at noon", "we open on Monday"). The first is a preferred time; the
 * second is a deadline, which raises urgency but is never offered as the preferred time.
 */
const DEADLINE_CUE = /\b(?:before|by|until|till|due|no later than|ahead of|deadline)\b/i;
const EVENT_NOUN =
  /\b(?:inspection|inspector|closing|close on|court|hearing|walkthrough|walk-through|wedding|party|trip|flight|flying in|guests|thanksgiving|christmas|holiday|open|opening|start|starts|starting|new job|game|test|exam|deadline|adjuster|listing|goes live|move in|moving in|lease|funeral|graduation|birthday|arraignment|trial|court date|session|lesson|class|visitors|visiting|arriv\w*|in-laws|company (?:is )?coming|presentation|interview|recital|audition|expir\w*|runs? out|lapses?|ends|appointment|chemo\w*|dialysis|surgery)\b/i;
/** A clause asking for, offering or accepting a time: "could you come", "works", "if you have it", "?". */
const REQUEST =
  /\?|\b(?:can|could|would|will) (?:you|someone|somebody|one of|i|we)\b|\b(?:come|coming) (?:in|out|by|over|down)\b|\bfit (?:me|us|him|her) in\b|\bbe seen\b|\bbook\b|\bschedule\b|\b(?<!\b(?:my|his|her|our|their)\s(?:\w+\s)?)appointment\b|\bavailab\w*|\bworks?\b|\bwork for\b|\bwould be (?:good|great|ideal|best|fine|perfect)\b|\b(?:is|'s) (?:good|best|fine|ideal|perfect|great|free)\b|\bif (?:you have|possible|you can)\b|\bhow about\b|\bdrop (?:it |him |her )?off\b|\bbring (?:it|him|her|them) in\b|\blet'?s\b|\bsounds good\b|\bany ?time\b|\bprefer\b|\bbest for\b|\bplease\b/i;

/**
 * Weather on its way ("it's supposed to rain hard tomorrow", "nine degrees tonight"): a deadline the work must
 * beat, for urgency. Its day still counts as the wanted day when the caller names no other (labelled so, dv79).
 */
export const WEATHER =
  /\b(?:supposed to (?:rain|snow|storm|freeze|drop|get|be)|forecast|(?:rain|snow|storm|freeze|hail|wind)s? (?:is |are )?(?:coming|expected|due)|degrees)\b/i;

export const THEN_LINKED = /\b(?:before|by) (?:then|that)\b/i;

/** "My arraignment is in three weeks", "the walkthrough is Friday": a statement of when something else is. */
const EVENT_STATEMENT = /\b(?:is|are|was)\s+(?:on|in|this|next|the|coming)\b/i;

/** Words of a clause about the past ("we had a storm tonight"): it says when trouble came, not a time wanted. */
export const PAST =
  /\b(ago|had|was|were|did|happened|got hit|came|started|last|earlier|yesterday|already|blew|broke|fell|went|took|bought|dropped|threw|tweaked|treated|cleaned|installed|slipped|crashed)\b/i;

export type DateRole = 'wanted' | 'deadline';

/** Whether a clause that names a day names when the caller wants the work, or a deadline. */
/** An agent turn that asks for a deadline: "is there a date you need it done by?", "how soon do you need it?". */
export const ASKS_BY =
  /\b(?:by when|done by|finished by|ready by|fixed by|need (?:it|this|that|them) by|deadline|how soon do you need|when do you need (?:it|this|that) (?:done )?by)\b/i;

export function dateRole(clause: string, askedWhen: boolean, turn = '', askedBy = false): DateRole {
  // "before noon" is a window, "before that" points at another date: neither makes this one a deadline.
  const dateless = clause.replace(/\b(?:before|by) (?:noon|midday|lunch|then|that)\b/gi, '');
  if (DEADLINE_CUE.test(dateless) && !/\b(?:come by|stop by|drop by|swing by)\b/i.test(dateless)) return 'deadline';
  if (askedBy && !REQUEST.test(clause)) return 'deadline';
  if (askedWhen || REQUEST.test(clause)) return 'wanted';
  // "… arrive on Friday, I need it done before then": the day "then" points at is a deadline.
  if (THEN_LINKED.test(turn)) return 'deadline';
  return EVENT_NOUN.test(clause) || EVENT_STATEMENT.test(clause) ? 'deadline' : 'wanted';
}

/** An agent turn that asks when. */
export const ASKS_WHEN =
  /\bwhen (?:would|do|can|could|should|shall|works|suits|is (?:a )?(?:good|best)|are you (?:free|available))\b|\b(?:what day|what time|which day|any (?:particular )?day|day (?:works|is best)|time works|availability|morning or afternoon|does .* work)\b/i;
