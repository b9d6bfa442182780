import type { TranscriptTurn } from '../../lead.schema.ts';
import { callerTurns, clauses } from './text.ts';

/**
 * Who is selling to whom. Vendors and customers share vocabulary ("marketing", "owner", "quote", "rates",
 * "partner"), so single keywords misfire both ways. What differs is direction: a seller offers something TO
 * the business (you / your business / businesses like yours / who handles your …), a customer talks about
 * THEIR OWN problem or asks for the business's service (my / our … / I need … / can you come …).
 * Each side collects evidence; a call is a sales call only when the seller side is both substantial and
 * clearly ahead. Every cue counts once per call, so one phrase repeated does not pile up.
 */

interface Cue {
  id: string;
  re: RegExp;
  weight: number;
}

/** Kinds of businesses, in the plural: the audience a seller talks about. */
const ORGS =
  '(?:businesses|companies|practices|shops|offices|firms|contractors|plumbers|roofers|electricians|dentists|salons|clinics|agencies|restaurants|stores|owners|professionals|providers|trades)';
const W = String.raw`(?:[\w'-]+\s+)`; // one filler word

const SELLER: Cue[] = [
  // "we help dental practices…", "we place temporary hygienists … with practices in the area"
  {
    id: 'serves-businesses',
    weight: 3,
    re: new RegExp(
      String.raw`\b(?:we|i)\s+${W}{0,2}?(?:help|work with|serve|partner with|specialize in|cater to|support|place\b[^.?!]{0,50}?\bwith)\s+${W}{0,3}?${ORGS}\b`,
      'i',
    ),
  },
  {
    id: 'like-yours',
    weight: 3,
    re: new RegExp(
      String.raw`\b${ORGS}\s+(?:just\s+)?like\s+(?:yours|you(?:rs)?)\b|\b${ORGS}\s+in\s+(?:the|your)\s+area\b`,
      'i',
    ),
  },
  // "sites for contractors", "for home service companies", "for personal injury firms"
  { id: 'for-businesses', weight: 2, re: new RegExp(String.raw`\bfor\s+${W}{0,3}?${ORGS}\b`, 'i') },
  // "most salons we speak to", "a lot of HVAC companies lose jobs": talking about the business's peers
  {
    id: 'peers',
    weight: 2,
    re: new RegExp(
      String.raw`\b(?:most|a lot of|lots of|many|plenty of)\s+${W}{0,2}?${ORGS}\s+(?:we|i|that|who|are|lose|struggle|miss|pay|overpay|use|don'?t|can'?t)\b`,
      'i',
    ),
  },
  {
    id: 'more-customers',
    weight: 2,
    re: /\b(?:get|bring|drive|add|send|generate|win)\s+(?:you\s+)?(?:\w+\s+){0,3}?(?:patients|customers|clients|calls|leads|jobs|cases|reviews|traffic|sales)\b/i,
  },
  {
    id: 'we-are-a-vendor',
    weight: 2,
    re: /\bwe(?:'re| are)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?(?:distributor|supplier|wholesaler|provider|agency|vendor|platform|network|consultancy|answering service|processor|manufacturer|lender|broker(?:age)?|reseller|dealer)\b/i,
  },
  // Asking for the buyer at the business, which customers have no reason to do.
  {
    id: 'decision-maker',
    weight: 3,
    re: /\b(?:are you|is this|is that|am i (?:speaking|talking) (?:to|with))\s+(?:the\s+)?(?:business\s+|practice\s+|office\s+)?(?:owner|decision[- ]maker|person in charge|manager|doctor|partners?)\b(?!'s)/i,
  },
  {
    id: 'who-handles',
    weight: 3,
    re: /\b(?:who|whoever)(?:'s|\s+is|\s+would be)?\s+(?:\w+\s+){0,2}?(?:handles?|does|looks? after|takes? care of|manages?|makes? (?:\w+\s+)?decisions?|(?:in )?charge of|the (?:right|best) person|responsible for)\b/i,
  },
  {
    id: 'for-the-owner',
    weight: 2,
    re: /\b(?:(?:for|to|with|have|let|tell|is)\s+the\s+(?:business\s+)?(?:owner|decision[- ]maker|partners)|is the (?:owner|manager|boss) (?:in|around|available|there))\b/i,
  },
  {
    id: 'your-problem',
    weight: 2,
    re: /\bare (?:you|your\s+\w+)(?:\s+guys)?\s+(?:having|struggling|missing|losing|tired of|looking to (?:grow|save|cut|reduce))\b/i,
  },
  // Offering something to the business.
  {
    id: 'offer',
    weight: 2,
    re: /\b(?:we|i)(?:'ll|'d|'re|\s+can|\s+could|\s+would|\s+will|\s+are)?\s+(?:\w+\s+){0,2}?(?:save you|offer(?:ing)?|beat|lower|reduce|cut|knock|grow|boost|double|put together|drop (?:by|off)|fix that (?:\w+\s+)?for you|get you(?: guys)? (?:a|more|better|set up|started)|give you (?:a|an|our) (?:quote|price|free|discount|deal|demo|rate|better)|(?:send|email|mail) (?:you |over )(?:our|a|some) (?:price|info|brochure|catalog|proposal|samples|deck))\b/i,
  },
  {
    id: 'better-rates',
    weight: 2,
    re: /\b(?:better|lower|cheaper|competitive|reduced?)\s+(?:\w+\s+)?(?:rates?|fees|pricing|premiums?|costs)\b/i,
  },
  {
    id: 'your-operations',
    weight: 2,
    re: /\b(?:(?:about|regarding)\s+your\s+(?:business|company|practice|firm|account)(?!\s+hours)|your\s+(?:\w+\s+)?(?:card (?:machine|fees|processing|terminal)|merchant|statements|purchasing|business insurance|general liability|marketing|advertising|seo|online presence|google (?:ranking|profile|ads)|coverage needs|patient flow|call volume|missed calls|uniforms|customers|clients|patients|payroll provider|phone system|utility bills?|energy bills?)|(?:rates|fees) on your)\b/i,
  },
  {
    id: 'not-a-customer',
    weight: 3,
    re: /\b(?:i'?m|i am|we'?re|we are) not (?:a |an |the )?(?:claimant|customer|patient|client|homeowner|looking for (?:service|work|a \w+))\b|\bnothing like that\b/i,
  },
  // Product words of the usual pitches. Weak alone: a customer may run a marketing firm or ask about ads.
  {
    id: 'pitch:seo',
    weight: 1,
    re: /\b(?:seo|search engine|google ads|ppc|pay per click|lead gen(?:eration)?|(?:the|more|exclusive|qualified) leads)\b/i,
  },
  {
    id: 'pitch:marketing',
    weight: 1,
    re: /\b(?:marketing (?:package|services|agency|campaign|plan|solutions)|advertising|website design|web design|build (?:web)?sites|hosting)\b/i,
  },
  {
    id: 'pitch:payments',
    weight: 1,
    re: /\b(?:merchant services|card processing|credit card processing|payments? (?:provider|processing|processor)|point of sale|statement (?:review|analysis))\b/i,
  },
  {
    id: 'pitch:supply',
    weight: 1,
    re: /\b(?:wholesale|distributor|supplier|price (?:sheet|list)|samples|catalog|uniform rentals?)\b/i,
  },
  {
    id: 'pitch:staffing',
    weight: 1,
    re: /\b(?:staffing|temp(?:orary)? (?:staff|workers|help|\w+ists)|placements?)\b/i,
  },
  {
    id: 'pitch:deal',
    weight: 1,
    re: /\b(?:partnership|referral|demo|free (?:review|audit|analysis|mockup|trial)|pay per|per signed|monthly fee|flat fee|commission|business (?:funding|loan|line of credit)|working capital|answering service)\b/i,
  },
  // Introducing oneself by a company name (capitalised by speech-to-text): weak, customers do it too.
  {
    id: 'company-intro',
    weight: 1,
    re: /\b(?:[Ii]'?m|I am|[Tt]his is|[Mm]y name is)\s+(?:[\w'-]+\s+){0,2}?(?:calling\s+|reaching out\s+)?(?:from|with|over at|on behalf of)\s+(?!The\b)[A-Z]/,
  },
  // The older one-line tells, kept: calling from a company "and we…" / "to …".
  {
    id: 'calling-from-and-we',
    weight: 2,
    re: /\b(?:i'?m|we'?re|this is \w+) (?:calling|reaching out) (?:from|with|on behalf of) [\w\s&]+ (?:and|to) (?:we|i)\b/i,
  },
];

const BUYER: Cue[] = [
  // "our AC quit", "my panel's from the sixties", "mine's about fifteen years old"
  {
    id: 'my-thing-is',
    weight: 3,
    re: /\b(?:(?:my|our)\s+(?!name|number|email|e-mail|cell|phone|direct|last|first|company|team|clients|customers|services?|products?|website|rates|pric\w+|program|package|platform|firm|agency|partners?|practices)(?:[\w'-]+\s+){0,3}?(?:is|are|was|were|has|have|had|keeps?|kept|won'?t|isn'?t|aren'?t|doesn'?t|didn'?t|stopped|quit|broke|died|leak\w*|burst|backed|clogged|flooded|making|started|went|got|needs?|blew)|mine(?:'s|\s+is))\b/i,
  },
  {
    id: 'happened-to-me',
    weight: 3,
    re: /\b(?:i|we)(?:'ve| have)?\s+(?:just\s+)?(?:was|were|got|been)\s+(?:in (?:an?|the) |hit|rear[- ]ended|injured|hurt|bitten|fired|served|sued|t-?boned|involved|a letter|a notice|a bill)|\b(?:i|we)\s+(?:just\s+)?(?:fell|slipped|tripped|chipped|broke|cracked|tore|twisted|crashed|smell)\b/i,
  },
  {
    id: 'we-have-a-problem',
    weight: 3,
    re: /\b(?:i|we)(?:'ve| have)?\s+(?:got|have|had)\s+(?:a|an|no|some|that|this|water)\b|\bthere(?:'s| is) (?:a |an |some )?(?:leak|water|no|smoke|gas|crack|hole|mold)\b/i,
  },
  {
    id: 'i-need',
    weight: 3,
    re: /\b(?:i|we)(?:'d| would)?\s+(?:really\s+|still\s+|just\s+|also\s+)?(?:need|want|wanted|like|love|'m looking|are looking|am looking)\s+(?:to\s+(?:book|schedule|get|sign up|come in|make an? appointment|set up an? (?:appointment|visit|consultation)|talk to (?:an? )?(?:attorney|lawyer)|put in|replace|fix|install|redo)\b|(?:a|an|some|someone|somebody|new|my|our|help|for (?:a|an|someone))\b)/i,
  },
  {
    id: 'can-you-come',
    weight: 3,
    re: /\b(?:can|could) (?:you|someone|somebody|one of your (?:\w+\s+)?(?:guys|techs|technicians|people|crew))\s+(?:\w+\s+)?(?:come|send|fix|look|check|help (?:me|us)|get (?:here|out|over)|make it|install|replace|repair)\b|\b(?:can|could|may) i (?:book|get|make|schedule|come in|bring)\b|\bwhen can (?:you|someone)\b/i,
  },
  {
    id: 'asks-about-offer',
    weight: 2,
    re: /\bdo you (?:guys )?have (?:anything|any (?:openings?|availability|slots?|appointments?|time))\b|\bis (?:that|it|this) still (?:going|available|on)\b|\bdo you (?:guys )?(?:do|offer|take|accept|service|work on|fix|repair|install|handle|treat)\b/i,
  },
  {
    id: 'asks-price',
    weight: 2,
    re: /\bhow much (?:do|does|would|will|is|for)\b|\bwhat (?:do|would|does) (?:you|it) (?:guys )?charge\b|\bwhat(?:'s| is| are) (?:your|the) (?:rates?|prices?|cost|fees?) (?:on|for) (?:a|an|the|my|our)\b/i,
  },
  {
    id: 'not-selling',
    weight: 6,
    re: /\bnot (?:a |an )?(?:sales(?:person|man|woman|\s+call|\s+pitch|\s+rep)|selling (?:anything|you anything)|trying to sell)\b/i,
  },
];

/** The agent asking whether the caller wants the business's service for themselves. */
const ASKS_OWN_NEED =
  /\b(?:of your own|for yourself|are you (?:calling|looking|interested)|do you need|is (?:this|it) about (?:an?|your))\b/i;
const SAYS_NO = /^\W*(?:oh[,\s]+)?no\b(?![\s,]+(?:rush|hurry|problem|worries|thanks|thank))/i;
/** "No, no, I actually build sites for contractors" in answer to "are you looking for roofing work?". */
const NO_TO_OWN_NEED: Cue = { id: 'no-to-own-need', re: SAYS_NO, weight: 2 };

export interface SalesSignal {
  seller: number;
  buyer: number;
  /** The cues that fired, for tests and debugging. */
  cues: string[];
}

/** Both sides' evidence from the caller's turns. Buyer cues in a clause that is itself a pitch do not count. */
export function salesSignal(turns: TranscriptTurn[]): SalesSignal {
  const seen = new Set<string>();
  let seller = 0;
  let buyer = 0;
  const add = (cue: Cue, side: 'seller' | 'buyer') => {
    if (seen.has(cue.id)) return;
    seen.add(cue.id);
    if (side === 'seller') seller += cue.weight;
    else buyer += cue.weight;
  };
  for (const t of callerTurns(turns)) {
    if (ASKS_OWN_NEED.test(t.prompt) && SAYS_NO.test(t.text)) add(NO_TO_OWN_NEED, 'seller');
    for (const clause of clauses(t.text)) {
      const pitched = SELLER.filter((c) => c.re.test(clause));
      for (const c of pitched) add(c, 'seller');
      // "I just wanted to get in front of whoever does your purchasing" wants something, but not a service.
      if (pitched.some((c) => c.weight >= 2)) continue;
      for (const c of BUYER) if (c.re.test(clause)) add(c, 'buyer');
    }
  }
  return { seller, buyer, cues: [...seen] };
}

/**
 * True when the caller is selling to the business. Needs several independent seller cues (4 is e.g. a
 * gatekeeper question plus a product word and a company intro) and more seller than buyer evidence by a
 * margin, so a customer who runs a marketing firm, or asks for the owner, stays a lead.
 */
export function isSalesCall(turns: TranscriptTurn[]): boolean {
  const { seller, buyer } = salesSignal(turns);
  return seller >= 4 && seller >= buyer + 3;
}
