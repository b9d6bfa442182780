import type { ExtractedLead, TranscriptTurn } from '../../lead.schema.ts';
import { negatedBefore } from './text.ts';

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

/** Danger to people or pets: injury, poisoning, fire, gas, something about to fall. Stronger than any calm. */
const DANGER = [
  /\b(?:smell (?:\w+ )?(?:gas|propane|smoke)|(?:gas|propane) (?:leak|smell)|smells like (?:gas|propane)|carbon monoxide|co alarm|co detector)\b/,
  /\b(?:sparking|sparks|arcing|smoke (?:coming|is)|on fire|caught fire|burning smell|smell(?:s|ing)? (?:like )?(?:\w+(?:'s)? ){0,2}burn\w*|scorch(?:ed)?(?: marks?)?|smoking|smoldering|smouldering|hot to the touch)\b/,
  /\b(?:melted (?:wires?|plugs?|outlets?|cords?|insulation)|(?:wires?|plugs?|outlets?|cords?) (?:\w+ )?melted)\b/,
  /\b(?:smoke|sparks?|flames?) (?:is |are )?(?:coming|pouring|shooting)\b/,
  /\b(?:roof (?:caved|collapsed)|tree (?:fell|came down) (?:on|through)|hole in (?:the|my|our) roof)\b/,
  /\b(?:tree|limb|branch|trunk|pole|rock)\b[^.!?]{0,30}\b(?:came|come|crashed|fell|went|punched) (?:down )?(?:through|into|onto) (?:the|our|my) (?:roof|ceiling|house|window|car|bedroom|kitchen)\b/,
  /\b(?:in danger|not safe|unsafe)\b/,
  /\b(?:power|electric(?:al)?) lines? (?:is |are )?(?:down|sagging|snapped|sparking|on the ground)\b|\b(?:lying|resting|fell|fallen|came down) (?:across|on) (?:the |a |our )?(?:power|electric) lines?\b|\bdowned (?:power )?lines?\b/,
  /\b(?:anyone|someone|somebody) (?:is |got )?(?:hurt|injured)\b/,
  // Something about to come down: "it could drop any minute", "I'm afraid it'll come down on someone".
  /\b(?:going to|gonna|could|might|about to|will|'ll|would) (?:fall|collapse|come down|drop|give way|snap)\b(?= (?:on|onto|any|at any))/,
  /\b(?:someone|somebody|anyone|one of the kids) (?:could|might|is going to|will) get hurt\b/,
  /\broots? (?:are |is )?(?:pulling|lifting|coming|ripping|tearing|heaving) (?:up|out)\b/,
  // A dangerous animal loose indoors.
  /\b(?:snake|rattlesnake|copperhead|cottonmouth|scorpion|bees|wasps|hornets|swarm)\b[^.!?]{0,20}\b(?:in|inside|under) (?:the |my |our )?(?:house|home|\w+'? ?bedroom|bedroom|room|living room|kitchen|nursery|bathroom)\b/,
  /\b(?:stuck|stranded|broke(?:n)? down)\b[^.!?]{0,20}\b(?:side|shoulder) of (?:the )?(?:road|highway|interstate|freeway)\b|\bstranded\b/,
  // Bleeding that is an injury, not gums that bleed when brushing.
  /\bbleeding\b(?![^.!?\n]{0,25}\b(?:brush|floss))(?<!gums? (?:are |have been |keep )?(?:\w+ )?bleeding)/,
  /\b(?:can'?t breathe|wheezing|(?:trouble|struggling|hard time) breathing|unconscious|not breathing|seizure|collapsed|unresponsive|choking|anaphyla\w*|allergic reaction)\b/,
  /\b(?:straining|can'?t (?:pee|urinate)|not peeing|vomiting blood|throwing up blood|bloated|retching)\b/,
  /\b(?:hit by a car|can'?t stand|broke (?:his|her|my|its|their) (?:arm|leg|wrist|jaw|hip|tooth)|broken (?:bone|leg|arm|jaw|hip))\b/,
  /\b(?:tooth|teeth)\b[^.!?]{0,20}\bknocked (?:out|loose)\b|\bknocked (?:out|loose) (?:(?:his|her|my|a|their) )?(?:front )?(?:tooth|teeth)\b/,
  // Something toxic eaten: a pet with chocolate, a child with pills.
  /\b(?:poison(?:ed|ing)?|swallowed|got into (?:a |the )?(?:whole )?(?:box|bag|bottle))\b/,
  /\b(?:ate|eaten|chewed|licked|drank)\b[^.!?]{0,30}\b(?:chocolate|grapes?|raisins?|xylitol|rat poison|antifreeze|bleach|medications?|meds|pills?|ibuprofen|tylenol|advil|lil(?:y|ies)|batter(?:y|ies))\b/,
  /\b(?:ransomware|files are encrypted|been hacked|hacked right now)\b/,
  // Not "is there an emergency fee?": a price question names the word without having one.
  /\bemergency\b(?! (?:fees?|rates?|charges?|surcharges?|pricing|prices?))/,
];
/** Damage happening now: water or sewage escaping, rain coming in. Explicit calm can outweigh it (a drip into a pan). */
const DAMAGE_NOW = [
  /\b(?:water|sewage)(?:'s| is| are)? (?:\w+ )?(?:pouring|gushing|spraying|shooting|spurting|streaming|pooling|flooding|spreading|everywhere|all over)\b/,
  /\b(?:water|sewage)(?:'s| is| are)? (?:\w+ )?(?:coming|getting|leaking|dripping|running|going) (?:in|into|through|under|out|down|from|up)\b/,
  /\brain(?:'s| is)? (?:\w+ )?(?:coming|getting|leaking|dripping|pouring) (?:in|into|through)\b/,
  /\b(?:pipe|pipes|main|hose|tank|line) (?:has |have |just )?(?:burst|bursting|exploded|broke|split)\b|\bburst (?:pipe|main)\b/,
  // Flooding now, not a basement that flooded yesterday and is dry.
  /\bflooding\b|\b(?:is|are|'s|'re|got|getting) (?:\w+ )?flooded\b/,
  /\boverflowing (?:onto|into|all over|everywhere|under)\b/,
  /\b(?:overflowing|leaking|spraying|pouring|filling)\b[^.!?]{0,40}\b(?:won'?t|will not|doesn'?t) stop\b/,
  /\b(?:ceiling|drywall)\b[^.!?]{0,40}\b(?:bulg\w*|sagg\w*|cav(?:ing|ed) in|coming down|collaps\w*)\b|\b(?:bulg\w*|sagg\w*)\b[^.!?]{0,30}\bceiling\b/,
  /\b(?:sewage|sewer) (?:is |are )?(?:backing|backed|coming) (?:up|out)\b/,
  /\bwon'?t stop (?:filling|leaking|overflowing|spraying|pouring)\b/,
  /\b(?:still (?:pouring|spraying|gushing|coming (?:in|out))|still dripping|dripping everywhere|leaking (?:right now|everywhere|badly|all over))\b/,
  /\b(?:leaking|pouring|spraying|gushing|dumping) water (?:onto|into|all over|everywhere|through|out)\b/,
];
/** Shut out of a home or a car (not out of an e-mail account): high, an emergency at night, in the cold or with someone inside. */
const LOCKED_OUT =
  /\b(?:locked (?:myself|ourselves|my ?self|him|her|them) out|locked out|locked (?:my |the |our )?keys in)\b(?! of (?:my |the |our |his |her )?(?:\w+ )?(?:account|email|e-mail|computer|laptop|phone|system|portal|app|website|password))/;
const LOCKOUT_DANGER =
  /\b(?:night|dark|late|midnight|cold|freezing|snow\w*|rain\w*|heat|hot out|baby|infant|toddler|child|kids?|dog|cat|pet|stove|oven|engine (?:is )?running|(?:is|are) inside|still inside)\b/;
/** Someone who cannot wait out a failure: with one, a failure of heat, cooling or access is an emergency. */
const VULNERABLE =
  /\b(?:baby|babies|infant|newborn|toddler|allergic|elderly|pregnant|oxygen|disabled|wheelchair|dialysis|asthma|heart (?:condition|problems?|failure)|medical condition|chemo\w*|copd|(?:she|he)(?:'s| is) (?:seventy|eighty|ninety|[7-9]\d)\b|(?:seventy|eighty|ninety|[7-9]\d)(?:[- ]\w+)?[- ]years?[- ]old|(?:day|week|month)s?[- ]old(?= baby| son| daughter| twins| at home|\s*[.,!?]|\s*$)|(?:mom|mother|dad|father|grandma|grandmother|grandpa|grandfather|parent)s? (?:is|are) (?:eighty|ninety|\d{2}))\b/;
/**
 * Failures that endanger someone vulnerable: heat or cooling (see CLIMATE_FAILURE), being shut in or out,
 * stinging or venomous animals, gas or smoke, no power (medical equipment). A dishwasher that won't drain
 * does not, whoever lives there.
 */
const DANGEROUS_FAILURE =
  /\b(?:locked (?:in|out|inside)|stuck (?:in|inside|outside)|trapped|nest|swarm|hive|bees|wasps|hornets|stung|sting|snake|no (?:heat|ac|air|power|electricity)|power (?:is |went )?out|freezing)\b/;
/** Weather that makes a failed heater or air conditioner more than an inconvenience. */
const EXTREME_WEATHER =
  /\b(?:heat ?wave|sweltering|scorching|ninety(?![- ](?:\w+[- ])?years?\b)|(?:a )?hundred (?:degrees|and)|triple digits|below (?:freezing|zero)|freezing|snow\w*|blizzard|ice storm|(?:zero|ten|fifteen|twenty|one|two|three|four|five|six|seven|eight|nine|eleven|twelve|thirteen|fourteen|sixteen|seventeen|eighteen|nineteen|single digits?|negative \w+|minus \w+) degrees|(?:9\d|1[01]\d|[12]?\d) ?(?:degrees|°))\b/;
const CLIMATE_FAILURE =
  /\b(?:ac|a\/c|air(?: conditioning| conditioner)?|heat|heating|furnace|boiler|heat pump)\b[^.!?]{0,30}\b(?:died|quit|stopped|out|not working|isn'?t working|won'?t|broke|blowing (?:warm|hot|cold))\b|\bno (?:heat|ac|air)\b/;

/** A home or business that cannot be secured: high whatever the hour. */
const SECURITY =
  /\b(?:(?:garage|front|back) door\b[^.!?]{0,30}\b(?:stuck (?:wide )?open|won'?t (?:close|lock|come down|shut))|can'?t lock (?:the|my|our) (?:house|door|front|back|shop|store|office)|(?:house|home|shop|store) is (?:wide )?open|broken into|break-?in)\b/;
/** Damage about to happen: pipes that will freeze. */
const FREEZE_RISK =
  /\bpipes? (?:will|might|could|are going to|is going to|gonna) freeze\b|\bfrozen pipes?\b|\bpipes? (?:are |is )?frozen\b/;
/** Pain bad enough that the caller wants to be seen now. */
const SEVERE_PAIN =
  /\b(?:killing me|throbbing|agony|excruciating|unbearable pain|can barely (?:walk|move|stand|sleep|chew|eat|sit)|can'?t (?:sleep|chew|bend over|sit down|move (?:my|his|her))|didn'?t sleep|threw (?:out )?my back|threw my back out|swelling|swollen (?:face|jaw|cheek|gums?|ankle|knee|eye|paw|leg)|(?:face|jaw|cheek|gums?|ankle|knee|eye|paw|leg)s? (?:is |are )?(?:all )?swollen)\b/;
/** Wants it today or within days. */
const HIGH_TIME =
  /\b(asap|as soon as (?:possible|you can)|right away|urgent(?:ly)?|immediately|today|tonight|this (?:morning|afternoon|evening)|tomorrow|first thing|right now|same day|in (?:an|a half|one|two|\w+) hours?|within the hour)\b/;
/** "Right away" asked for ("can someone come right away?"), not told ("I noticed right away"). */
const ASKED_NOW =
  /\b(?:need|want|come|send|get|someone|somebody|please|can you|could you|would you|can i|could i|have to|must)\b[^.!?\n]{0,40}\b(?:right away|immediately|straight away)\b/;
const ASAP =
  /\b(?:asap|as soon as (?:possible|you can)|urgent(?:ly)?|(?:the )?sooner the better|as (?:quick|fast) as (?:possible|you can)|(?:someone|somebody|you) (?:quick(?:ly)?|fast)|need (?:it|this) (?:done|fixed) (?:quick(?:ly)?|fast))\b/;
/**
 * A reason the work cannot wait once the caller wants it soon: a need (work, guests, pain, no heat), not the
 * problem itself. A slow leak or a stuck window wanted tomorrow is still normal.
 */
const HARD_REASON =
  /\b(for work|to work|freezing|below zero|grinding|slipping|spoil\w*|go(?:ing)? bad|melting|pain|hurts?|hurting|injur\w*|killing me|hospital|doctor|insurance (?:keeps|is)|deadline|court|statute|served|eviction|no (?:hot water|heat|ac|air|power|water)|not (?:working|cooling|heating)|stopped (?:cooling|heating)|won'?t start|only (?:toilet|bathroom|car|fridge)|can'?t (?:work|lock|close|get (?:in|out)|use|reach|send|open|drive|cook|shower|flush)|nobody can|no one can|stopped working|guests? (?:coming|arriving)|wedding|closing on|inspection (?:is|on))\b/;
/** The caller saying it can wait: enough on its own, whatever day they then suggest. */
const CALM =
  /\b(no (?:big |real |huge |particular |great |major )?(?:rush|hurry|urgency|time pressure|pressure)|in no (?:rush|hurry)|(?:not|isn'?t|nothing) (?:(?:super|too|that|really|very|terribly|so|particularly|especially|all that) )?(?:urgent|pressing)|not a rush|not in (?:a|any) (?:big |real )?(?:hurry|rush)|nothing pressing|not (?:that )?pressing|(?:it|that|this|they|which|everything|the rest) (?:can|could) wait|(?:can|could) wait (?:a (?:bit|while|week|month|few|couple)|(?:a )?(?:few|couple)|till|until|another|if you'?re busy)|it'?ll keep|not fussed|not bothered (?:about|when)|don'?t mind when|doesn'?t matter when|not a (?:big )?deal|no big deal|not a big problem|not a priority|take your time|no deadline|(?:isn'?t|not|nothing) (?:\w+ )?time[- ]sensitive|low (?:on my list|priority)|been putting it off|planning ahead|just planning|(?:a )?head start|get(?:ting)? ahead)\b/;
/** Softer calm: flexible about when. Not low when the caller also names a day within the week. */
const FLEXIBLE =
  /\b(whenever(?!\s+(?:i|i'm|we|we're|it|it's|the|my|our|he|she|they|there|someone|somebody|anyone)\b)|just thinking about|down the road|eventually|at some point|after the holidays|no commitment|flexible|at your convenience|when(?:ever)? you (?:get|have) (?:a )?(?:chance|time|a minute)|when you can fit)\b/;
/** A far-off time is only a low-urgency cue when it is when the work is wanted, not a deadline ("my wedding's next month"). */
const LATER =
  /\b(sometime (?:next|in the next) (?:month|year)|sometime in (?:the )?(?:spring|summer|fall|autumn|winter|january|february|march|april|may|june|july|august|september|october|november|december)|in a few (?:months|weeks)|(?:in|over) the next (?:few|couple(?: of)?) (?:weeks|months)|(?:or|even) the week after|next (?:month|year|spring|summer|fall|winter|semester|term|season)|(?:in|for|by) the (?:spring|summer|fall|autumn|winter)|later (?:this|in the) (?:year|spring|summer|fall|autumn)|in (?:a|one|two|three|a couple of|a few) months?|in a month or two|after the new year|early next year)\b/;
const NEAR = /\b(?:this|next) week\b|\b(?:today|tonight|tomorrow)\b/;
/** A clause about the past: its cues are history, not the state now. */
const PAST_CLAUSE =
  /\b(?:last (?:week|month|year|summer|winter|spring|fall|autumn|time)|at some point (?:last|yesterday|this morning|overnight)|(?:days|weeks|months|years) ago|used to|back in|a while back)\b/;
const PRICE_SHOPPING =
  /\b(how much|what (?:do|would) you charge|what(?:'s| is) (?:the|your) (?:price|rate|cost|fee)|getting (?:a few|some|several|multiple) (?:quotes|estimates|prices)|shopping around|ballpark|just (?:wondering|checking) (?:what|how much|about (?:price|cost))|price check|compare)\b/;
const BOOKING =
  /\b(book|booked|schedule|appointment|come (?:out|by|over)|set (?:it|that|one) up|sign (?:me )?up|reserve|go ahead|let'?s do|works for me|sounds good|see you)\b/;

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
  return m[0].startsWith('sometime') || !(DOING_THEN.test(clause) || /\b(?:is|are|was|'s)\s+$/.test(clause));
}

function hits(text: string, re: RegExp): boolean {
  const m = re.exec(text);
  return m !== null && !negatedBefore(text, m.index);
}

/** Clauses of the caller's words that speak about now (history dropped), rejoined. */
function presentText(t: string): string {
  return t
    .split(/(?<=[.!?,;])\s+|\n/)
    .filter((s) => !PAST_CLAUSE.test(s))
    .join('\n');
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
  const now = presentText(t);
  const calm = hits(t, CALM);
  if (DANGER.some((re) => hits(now, re))) return 'emergency';
  if (!calm && DAMAGE_NOW.some((re) => hits(now, re))) return 'emergency';
  const lockedOut = !calm && hits(now, LOCKED_OUT);
  if (lockedOut && hits(now, LOCKOUT_DANGER)) return 'emergency';
  const climate = hits(now, CLIMATE_FAILURE);
  if (hits(now, VULNERABLE) && (hits(now, DANGEROUS_FAILURE) || climate)) return 'emergency';
  if (daysToDeadline !== null && daysToDeadline <= 14) return 'high';
  if (calm) return 'low';
  if (lockedOut) return 'high';
  const soon = hits(t, HIGH_TIME) || (daysUntilPreferred !== null && daysUntilPreferred <= 1);
  if (hits(t, ASAP) || hits(t, ASKED_NOW) || hits(now, SEVERE_PAIN)) return 'high';
  if ((climate && hits(now, EXTREME_WEATHER)) || hits(now, FREEZE_RISK) || hits(now, SECURITY)) return 'high';
  if (soon && hits(t, HARD_REASON)) return 'high';
  // "Whenever you have something next week" is flexible about the hour, not in no hurry.
  if (hits(now, FLEXIBLE) && !NEAR.test(t)) return 'low';
  // A caller who names a day within two weeks wants it then, whatever else is "next month".
  if (wantedLater(t) && (daysUntilPreferred === null || daysUntilPreferred > 14)) return 'low';
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
