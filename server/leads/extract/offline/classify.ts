import type { TranscriptTurn } from '../../lead.schema.ts';
import { isSalesCall } from './sales.ts';
import { callerText, speakerText } from './text.ts';

/** Why a call is not a lead; 'lead' when it is one. */
export type CallKind = 'lead' | 'spam' | 'wrong-number' | 'vendor' | 'declined' | 'silent' | 'existing-client';

const SPAM = [
  /\bpress (?:one|1|two|2|nine|9)\b/i,
  /\b(?:google|business|yelp|maps) (?:listing|profile|verification)\b/i,
  /\byour listing\b/i,
  /\b(?:this is )?an? (?:important|urgent|final|courtesy) (?:message|notice|call)\b/i,
  /\b(?:car|vehicle|auto|extended) warranty\b/i,
  /\b(?:you(?:'ve| have) (?:been selected|won)|congratulations)\b/i,
  /\b(?:lower your|reduce your) (?:interest|rate|debt|electric)\b/i,
  // Impersonation robocalls say who they claim to be; a customer may well say "a letter from the IRS".
  /\b(?:this is|calling from|on behalf of|message from|call from) (?:the )?(?:irs|internal revenue service|social security administration|student loan (?:forgiveness|department|services))\b/i,
  /\b(?:student loan forgiveness|tax relief program)\b/i,
  /\bto be removed from (?:our|this) (?:list|calling)\b/i,
  /\b(?:this call is|you are receiving this) (?:to inform|because)\b/i,
];
const WRONG_NUMBER = [
  /\bwrong number\b/i,
  /\b(?:is this|isn't this|i thought this was|is that) (?!the right)[\w'.&\- ]{2,40}\?/i,
  /\b(?:trying to (?:reach|call|get|order)|meant to call|must have (?:dialed|called)|dialed the wrong)\b/i,
];
const AGENT_WRONG =
  /\b(wrong number|this is (?:a|an|the) [\w\s&]{2,40}(?:office|firm|company|business|salon|studio|service)|you may have (?:dialed|called|misdialed)|not (?:the|a) [\w\s]+ you(?:'re| are) looking for)\b/i;
/** The agent saying who the caller really reached: "No, this is Greenway Landscaping." */
const AGENT_DENIES = /(?:^|[.!?]\s+)no,? (?:sorry,? )?this is\b/i;
const APOLOGY = /\b(my bad|sorry|oops|apolog\w+|never mind|nevermind)\b/i;
const DECLINE =
  /\b(?:i'?d rather not|i don'?t want to (?:give|leave|share)|no thanks|not interested|just forget it|i'?ll (?:call|look) (?:back|elsewhere)|don'?t (?:need|want) (?:anything|a callback)|rather not say|i'?ll pass)\b/i;
const NEED =
  /\b(need|want|would like|i'?d like|looking for|help with|broke|leak|book|appointment|schedule|quote|estimate|price|cost|charge|how much|problem|issue|come (?:out|by|over|look|and)|look at|fix|repair|install|replac|consult|accident|injur|hurt|damage|noise|banging|not working|stopped|won'?t|can you|could you|available|clog|stuck|locked|dead|spark|smok|flood|burst|drip|swarm|nest)\w*/i;

/**
 * An existing client about work already booked or done: the call refers to that work (your crew came, I
 * dropped the car off, my appointment with …, the offer we put in) and asks about its status, a follow-up,
 * or a change to it. Both are needed: a past client with a new problem is a new lead.
 */
const BOOKED_WORK = [
  /\b(?:your|the) (?:guys?|tech(?:nician)?s?|team|crew|people|workers|plumbers?|electricians?|installers?|cleaners?|mechanics?|groomers?|stylists?|movers|man)\b[^.?!]{0,50}?\b(?:was|were|came|come|did|putting|put|said|left|\w+ed)\b/i,
  /\b(?:i|we) (?:dropped|left|brought) (?:my|the|our) [\w\s]{0,25}?\boff\b/i,
  /\b(?:i'?ve got|i have|we have|we'?ve got|i had|i booked|we booked|has|have) (?:an? |my |our |his |her |their )?(?:appointment|booking|visit|job|session|lesson|class|consult)\b/i,
  /\b(?:i'?m|we'?re) (?:working|dealing) with \p{Lu}/u,
  /\bthe (?:offer|order|job|claim|project|quote|estimate|booking) (?:we|i) (?:put in|placed|made|filed|opened|signed|booked|accepted)\b/i,
];
const ABOUT_IT =
  /\b(?:checking (?:on|in|what|whether|if)|just (?:checking|wondering|following up)|follow(?:ing)?[- ]?up|is it ready|if it'?s ready|(?:any|an) update|responded|status|come back (?:to|and) finish|still on\b|confirm(?:ing)? (?:the|my|our|that)|reschedul\w*|move it|push it|cancel\w*|what time (?:they'?re|he'?s|she'?s|you'?re|the \w+ (?:is|are)) coming|forgot|missed (?:a|the|one)|call me back|coming back|(?:file|make) a (?:\w+ )?claim|complain\w*|refund|damaged|scratch\w*)\b/i;

/** An ongoing job is a recent one: "your crew came out last year" is a past client, maybe with a new need. */
const RECENT =
  /\b(?:yesterday|today|tonight|this (?:morning|afternoon|week)|last (?:week|night)|earlier|the other day|(?:a )?(?:few|couple(?: of)?) days ago|(?:on )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|tomorrow|next week)\b/i;

export function isAboutBookedWork(callerText: string): boolean {
  const [crew, ...others] = BOOKED_WORK;
  const booked = (crew!.test(callerText) && RECENT.test(callerText)) || others.some((re) => re.test(callerText));
  return booked && ABOUT_IT.test(callerText);
}

function matchesAny(text: string, patterns: RegExp[]): boolean {
  return patterns.some((p) => p.test(text));
}

/**
 * Sorts a call into lead / not-a-lead kinds. Non-leads (fixtures README): spam and robocalls, wrong
 * numbers, vendors selling to the business, callers who decline to leave any details.
 */
export function classifyCall(
  turns: TranscriptTurn[],
  contact: { name: string | null; phoneGiven: boolean; email: string | null },
): CallKind {
  const caller = callerText(turns);
  if (caller.trim().split(/\s+/).filter(Boolean).length < 3) return 'silent';
  if (matchesAny(caller, SPAM)) return 'spam';
  if (isSalesCall(turns)) return 'vendor';
  const agent = speakerText(turns, 'agent');
  const callerWrong = matchesAny(caller, WRONG_NUMBER);
  if (/\bwrong number\b/i.test(caller) || (callerWrong && (AGENT_WRONG.test(agent) || APOLOGY.test(caller)))) {
    return 'wrong-number';
  }
  if (callerWrong && AGENT_DENIES.test(agent)) return 'wrong-number';
  if (isAboutBookedWork(caller)) return 'existing-client';
  const hasNeed = NEED.test(caller);
  const gaveDetails = contact.name !== null || contact.phoneGiven || contact.email !== null;
  if (DECLINE.test(caller) && !gaveDetails) return 'declined';
  // Saying almost nothing, with no need and no details, is not a lead; a longer call gets the benefit of the doubt.
  if (!hasNeed && !gaveDetails && caller.split(/\s+/).length < 12) return 'declined';
  return 'lead';
}
