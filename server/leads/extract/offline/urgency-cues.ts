/*
 * The urgency lexicon: each table is one kind of evidence the scale in urgency.ts weighs. Patterns are built
 * once (extraction runs per call and must stay well under 5 ms) and matched against lower-cased caller text.
 */

/** Danger to people or pets: injury, poisoning, fire, gas, something about to fall. Stronger than any calm. */
export const DANGER = [
  /\b(?:smell (?:\w+ )?(?:gas|propane|smoke)|(?:gas|propane) (?:leak|smell)|smells like (?:gas|propane)|carbon monoxide|co alarm|co detector)\b/,
  // Gas by its smell ("like rotten eggs"), not a drain's or well water's sulphur smell.
  /\b(?:rotten[- ]eggs?|sulfur|sulphur)\b(?![^.!?\n]{0,40}\b(?:drain|sink|shower|tap|faucet|water|well|toilet|sewer))(?<!\b(?:drain|sink|shower|tap|faucet|water|well|toilet|sewer)\b[^.!?\n]{0,40})/,
  /\b(?:sparking|sparks|a spark|arcing|smoke (?:coming|is)|on fire|caught fire|burning smell|smell(?:s|ing)? (?:like )?(?:\w+(?:'s)? ){0,2}burn\w*|scorch(?:ed)?(?: marks?)?|smoking|smoldering|smouldering|hot to the touch)\b/,
  /\b(?:outlets?|sockets?|switch(?:es)?|plugs?|panel|breakers?|cords?|wires?|wiring)\b[^.!?\n]{0,40}\b(?:(?:warm|hot) to the touch|buzz\w*|crackl\w*|sizzl\w*)\b/,
  // Someone who fell and cannot get up or reach the door.
  /\b(?:mom|mother|dad|father|grandma|grandmother|grandpa|grandfather|husband|wife|son|daughter|child|kid|baby|neighbou?r|roommate|he|she)\b[^.!?\n]{0,15}\b(?:fell|fallen|had a fall|took a fall)\b[^.!?\n]{0,40}\b(?:can'?t|cannot|is on the floor|unable)\b/,
  /\b(?:melted (?:wires?|plugs?|outlets?|cords?|insulation)|(?:wires?|plugs?|outlets?|cords?) (?:\w+ )?melted)\b/,
  /\b(?:smoke|sparks?|flames?) (?:is |are )?(?:coming|pouring|shooting)\b/,
  /\b(?:roof (?:caved|collapsed)|tree (?:fell|came down) (?:on|through)|hole in (?:the|my|our) roof)\b/,
  // A tree or limb on or through a building or a car (not across a fence or a lawn).
  /\b(?:tree|oak|pine|maple|limb|branch|trunk|pole|rock)\b[^.!?\n]{0,40}\b(?:came|come|crashed|fell|fallen|went|punched|landed|smashed|is lying|lying|resting|sitting|knocked \w+) (?:down )?(?:right )?(?:through|into|onto|on top of|on|in) (?:the |our |my |a |his |her |their )?(?:\w+ )?(?:roof|ceiling|house|home|window|car|truck|van|suv|bedroom|kitchen|shed|garage|carport|deck|porch|skylight|attic|sunroom)\b/,
  /\b(?:roof|ceiling|car|shed|garage|skylight|windshield)\b[^.!?\n]{0,20}\b(?:is |got |was )?(?:crushed|smashed|caved in)\b|\bopen to the (?:sky|elements|weather|rain)\b|\b(?:tore|ripped|blew) (?:off )?(?:part|half|a (?:big |large )?(?:chunk|section|piece)) of (?:the |our |my )?roof\b/,
  /\b(?:hit|struck|knocked (?:down|over)|took out|crashed into)\b (?:a |the |our )?(?:utility |power |electric(?:al)? |telephone )?pole\b/,
  // An injury to the mouth or face: "hit in the mouth… tooth is loose and bleeding".
  /\b(?:hit|smacked|struck|knocked|fell|fall|crashed|bitten|kicked)\b[^.!?\n]{0,40}\b(?:mouth|face|head|tooth|teeth|jaw|lip|nose|eye)\b[^.!?\n]{0,60}\b(?:bleeding|loose|knocked out|broken|cracked|swollen)\b/,
  /\b(?:in danger|not safe|unsafe)\b/,
  /\b(?:power|electric(?:al)?) lines? (?:is |are )?(?:down|sagging|snapped|sparking|on the ground)\b|\b(?:lying|resting|fell|fallen|came down) (?:across|on) (?:the |a |our )?(?:power|electric) lines?\b|\bdowned (?:power )?lines?\b/,
  /\b(?:tree|limb|branch|trunk)\b[^.!?\n]{0,30}\b(?:on|across|against|into|onto|touching|in) (?:the |a |our |my )?(?:power|electric(?:al)?|service|utility) lines?\b|\b(?:power|electric|service) lines?(?:'s| is| are)? (?:\w+ )?(?:down|sagging|snapped|sparking|on the ground)\b/,
  /\b(?:anyone|someone|somebody) (?:is |got )?(?:hurt|injured)\b/,
  // Something about to come down: "it could drop any minute", "I'm afraid it'll come down on someone".
  /\b(?:going to|gonna|could|might|about to|will|'ll|would) (?:fall|collapse|come down|drop|give way|snap|go over|topple|tip over|come crashing)\b(?= (?:on|onto|any|at any))/,
  // Feared now: "I'm scared it's going to go over", "afraid the limb will come down".
  /\b(?:scared|afraid|worried|terrified|frightened)\b[^.!?\n]{0,40}\b(?:going to|gonna|could|might|about to|will|'ll) (?:fall|collapse|come down|give way|snap|go over|topple|tip over|come crashing|land on)\b/,
  // A tree or limb leaning on or hanging over a house, a car or the lines, in wind or cracked.
  /\b(?:tree|oak|pine|maple|limb|branch|trunk)\b[^.!?\n]{0,30}\b(?:leaning|hanging|dangling|cracked|split)\b[^.!?\n]{0,30}?\b(?:toward|towards|over|on|onto|above|against)\b[^.!?\n]{0,25}\b(?:house|home|roof|garage|car|power lines?|lines|bedroom|neighbou?r'?s?|deck|patio|porch|driveway|sidewalk|walkway|swing\w*|play\w*)\b(?=[\s\S]{0,80}\b(?:wind\w*|storm\w*|gust\w*|crack\w*|any (?:minute|second|moment)|scared|afraid|worried))/,
  /\b(?:limb|branch|trunk|tree)\b[^.!?\n]{0,15}\b(?:snapped|split|broken|broke|cracked)\b[^.!?\n]{0,30}\b(?:hanging|dangling|caught|stuck)\b[^.!?\n]{0,40}\b(?:over|above|on)\b[^.!?\n]{0,25}\b(?:house|home|roof|garage|car|driveway|deck|patio|porch|sidewalk|walkway|street|road|swing\w*|play\w*)\b/,
  /\b(?:someone|somebody|anyone|one of the kids) (?:could|might|is going to|will) get hurt\b/,
  /\broots? (?:are |is )?(?:pulling|lifting|coming|ripping|tearing|heaving) (?:up|out)\b/,
  // A venomous animal at home, wherever it is.
  /\b(?:rattlesnakes?|rattlers?|copperheads?|cottonmouths?|water moccasins?|coral snakes?|black widows?|brown recluses?)\b(?![^.!?\n]{0,30}\b(?:last (?:year|summer|month|week)|ago|once|before))/,
  // A dangerous animal loose indoors.
  /\b(?:snake|rattlesnake|copperhead|cottonmouth|scorpion|bees|wasps|hornets|swarm)\b[^.!?]{0,20}\b(?:in|inside|under) (?:the |my |our )?(?:house|home|\w+'? ?bedroom|bedroom|room|living room|kitchen|nursery|bathroom)\b/,
  /\b(?:stuck|stranded|broke(?:n)? down)\b[^.!?]{0,20}\b(?:side|shoulder) of (?:the )?(?:road|highway|interstate|freeway)\b|\bstranded\b/,
  // Bleeding that is an injury, not gums that bleed when brushing.
  /\bbleeding\b(?![^.!?\n]{0,25}\b(?:brush|floss))(?<!gums? (?:are |have been |keep )?(?:\w+ )?bleeding)/,
  // An allergic reaction: a sting or bite and swelling, or a swelling face or throat.
  /\b(?:stung|bitten|bit by)\b[^.!?\n]{0,60}\b(?:swell\w*|swollen|puff\w* up|hives)\b|\b(?:face|throat|tongue|lips?|muzzle|snout|eyes?)\b[^.!?\n]{0,20}\b(?:swelling up|swelled up|swollen shut|puffing up|blowing up)\b/,
  /\b(?:can'?t breathe|wheezing|(?:trouble|struggling|hard time) breathing|unconscious|not breathing|seizure|collapsed|unresponsive|choking|anaphyla\w*|allergic reaction)\b/,
  /\b(?:straining|can'?t (?:pee|urinate)|not peeing|vomiting blood|throwing up blood|bloated|retching)\b/,
  /\b(?:hit by a car|can'?t stand|broke (?:his|her|my|its|their) (?:arm|leg|wrist|jaw|hip|tooth)|broken (?:bone|leg|arm|jaw|hip))\b/,
  /\b(?:tooth|teeth)\b[^.!?]{0,20}\bknocked (?:out|loose)\b|\bknocked (?:out|loose) (?:(?:his|her|my|a|their) )?(?:front )?(?:tooth|teeth)\b/,
  // Something toxic eaten: a pet with chocolate, a child with pills.
  /\b(?:poison(?:ed|ing)?|swallowed|got into (?:a |the )?(?:whole )?(?:box|bag|bottle))\b/,
  /\b(?:ate|eaten|chewed|licked|drank)\b[^.!?]{0,30}\b(?:chocolate|grapes?|raisins?|xylitol|rat poison|antifreeze|bleach|medications?|meds|pills?|ibuprofen|tylenol|advil|lil(?:y|ies)|batter(?:y|ies))\b/,
  /\b(?:oven|stove|burner|range|cooktop|space heater|heater|dryer|iron|furnace|boiler)\b[^.!?\n]{0,30}\b(?:won'?t|can'?t|doesn'?t|will not|cannot|isn'?t) (?:turn(?:ing)?|shut(?:ting)?|switch(?:ing)?) off\b/,
  /\b(?:keeps? |is )?trying to (?:throw up|vomit|be sick)\b|\b(?:belly|stomach|abdomen|tummy)\b(?:'s| is| looks| got)? (?:all )?(?:swollen|distended|bloated|hard as a rock)\b/,
  /\b(?:someone|somebody|hackers?)(?:'s| has| have)? (?:got(?:ten)?|broken|hacked) into (?:our|my|the) (?:\w+ )?(?:email|e-mail|account|system|server|network|computers?)\b/,
  /\b(?:ransomware|files are encrypted|been hacked|hacked right now)\b/,
  // Not "is there an emergency fee?": a price question names the word without having one.
  // Nor is "kind of an emergency": a hedge asks for haste (ASAP), it does not report danger.
  /(?<!\b(?:kind of|sort of|kinda|bit of|little bit of|minor|semi-?) ?(?:an? )?)\bemergency\b(?! (?:fees?|rates?|charges?|surcharges?|pricing|prices?))/,
];
/** Damage happening now: water or sewage escaping, rain coming in. Explicit calm can outweigh it (a drip into a pan). */
export const DAMAGE_NOW = [
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
  /\b(?:floor|basement|carpets?|walls?|ceiling|drywall)\b[^.!?\n]{0,20}\b(?:is |are )?(?:starting to |beginning to )?(?:get(?:ting)?|becoming) (?:wet|soaked|flooded)\b/,
  /\b(?:can'?t|cannot|couldn'?t) (?:(?:figure|work) out how to |seem to )?(?:find|reach|get to|turn|shut) (?:the |a )?(?:water )?(?:shut-?off|main|valve|water off|it off)\b|\bwater\b[^.!?\n]{0,30}\bwon'?t (?:shut|turn) off\b/,
  /\bwater(?:'s| is| are)? (?:\w+ )?(?:bubbling|welling|gushing|spilling) (?:up|out)\b/,
  /\b(?:shooting|spraying|gushing|pouring|spewing|spurting|pumping|dumping) (?:out )?(?:water|sewage)\b/,
  /\b(?:still (?:pouring|spraying|gushing|coming (?:in|out))|still dripping|dripping everywhere|leaking (?:right now|everywhere|badly|all over))\b/,
  /\b(?:leaking|pouring|spraying|gushing|dumping) water (?:onto|into|all over|everywhere|through|out)\b/,
];
/** Shut out of a home or a car (not out of an e-mail account): high, an emergency at night, in the cold or with someone inside. */
export const LOCKED_OUT =
  /\b(?:locked (?:myself|ourselves|my ?self|him|her|them) out|locked out|locked (?:my |the |our )?keys in|stuck outside|can'?t (?:get|go) (?:back )?(?:in|into|inside) (?:my|the|our) (?:house|home|apartment|flat|place|condo|car))\b(?! of (?:my |the |our |his |her )?(?:\w+ )?(?:account|email|e-mail|computer|laptop|phone|system|portal|app|website|password))/;
export const LOCKOUT_DANGER =
  /\b(?:night|dark|late|midnight|cold|freezing|snow\w*|rain\w*|heat|hot out|baby|infant|toddler|child|kids?|dog|cat|pet|stove|oven|engine (?:is )?running|(?<!\b(?:keys?|phone|wallet|purse|bag|fob)s? )(?:is|are) inside|(?<!\b(?:keys?|phone|wallet|purse|bag|fob)s? (?:are |is )?)still inside)\b/;
/** Someone who cannot wait out a failure: with one, a failure of heat, cooling or access is an emergency. */
export const VULNERABLE =
  /\b(?:baby|babies|infant|newborn|toddler|allergic|elderly|pregnant|oxygen|disabled|wheelchair|dialysis|asthma|heart (?:condition|problems?|failure)|medical condition|chemo\w*|copd|surgery|recovering from|bedridden|bed-?bound|hospice|frail|dementia|immunocompromised|ventilator|(?:she|he)(?:'s| is) (?:seventy|eighty|ninety|[7-9]\d)\b|(?:seventy|eighty|ninety|[7-9]\d)(?:[- ]\w+)?[- ]years?[- ]old|(?:day|week|month)s?[- ]old(?= baby| son| daughter| twins| at home|\s*[.,!?]|\s*$)|(?:mom|mother|dad|father|grandma|grandmother|grandpa|grandfather|parent)s? (?:is|are) (?:eighty|ninety|\d{2}))\b/;
/**
 * Failures that endanger someone vulnerable: heat or cooling (see CLIMATE_FAILURE), being shut in or out,
 * stinging or venomous animals, gas or smoke, no power (medical equipment). A dishwasher that won't drain
 * does not, whoever lives there.
 */
export const DANGEROUS_FAILURE =
  /\b(?:locked (?:in|out|inside)|stuck (?:in|inside|outside)|trapped|nest|swarm|hive|bees|wasps|hornets|stung|sting|snake|no (?:heat|ac|air|power|electricity)|power (?:is |went )?out|freezing)\b|\b(?:power|electricity|breaker)\b[^.!?\n]{0,25}\b(?:keeps?|is|are) (?:cutting|going|shutting|turning|tripping|flickering)(?: (?:out|off))?\b/;
/** Weather that makes a failed heater or air conditioner more than an inconvenience. */
export const EXTREME_WEATHER =
  /\b(?:heat ?wave|sweltering|scorching|ninety(?![- ](?:\w+[- ])?years?\b)|(?:a )?hundred (?:degrees|and|out(?:side)?)|triple digits|below (?:freezing|zero)|freezing|snow\w*|blizzard|ice storm|(?:thirty|twenty|zero|ten|fifteen|one|two|three|four|five|six|seven|eight|nine|eleven|twelve|thirteen|fourteen|sixteen|seventeen|eighteen|nineteen|single digits?|negative \w+|minus \w+) degrees|(?:9\d|1[01]\d|[12]?\d) ?(?:degrees|°))\b|\b(?:thirty|forty|fifty|[3-5]\d)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))? (?:degrees )?(?:in (?:here|the house|the home|the apartment|the flat)|inside)\b/;
export const CLIMATE_FAILURE =
  /\b(?:ac|a\/c|air(?: conditioning| conditioner)?|heat|heating|furnace|boiler|heat pump)\b[^.!?]{0,30}\b(?:died|quit|stopped|out|not working|isn'?t working|won'?t|broke|blowing (?:warm|hot|cold)|(?:isn'?t|not|can'?t) keep(?:ing)? up)\b|\bno (?:heat|ac|air)\b/;

/** A home or business that cannot be secured: high whatever the hour. */
export const SECURITY =
  /\b(?:(?:garage|front|back) door\b[^.!?]{0,30}\b(?:stuck (?:wide )?open|won'?t (?:close|lock|come down|shut))|can'?t lock (?:the|my|our) (?:house|door|front|back|shop|store|office)|(?:house|home|shop|store) is (?:wide )?open|broken into|break-?in)\b/;
/** A business of the caller's own: when it cannot operate today, that is high whatever the hour. */
export const BUSINESS =
  /\b(?:our|my|the) (?:restaurant|shop|store|office|business|clinic|salon|bakery|cafe|café|bar|practice|warehouse|factory|kitchen|storefront|studio|gym|hotel|motel)\b/;
export const BUSINESS_STOPPED =
  /\b(?:can'?t|cannot|couldn'?t|unable to|nobody can|no one can|none of us can) (?:run|open|operate|serve|take (?:orders|payments|cards)|work|use|process|cook|get into|access|ring up|log in)\b|\b(?:turning (?:customers|people) away|losing (?:business|money|sales|customers))\b/;
/** Damage too small to be an emergency: "just a small puddle", "dripping a little". */
export const MINOR =
  /\b(?:small|little|tiny|slight|slow) (?:puddle|drip|leak|trickle|amount|bit of water|wet spot)\b|\b(?:drip(?:ping|s)?|leak(?:ing|s)?|seep(?:ing|s)?) (?:a (?:little|bit|tiny bit)|slightly|slowly)\b|\ba few drops\b/;
/** Damage that was happening and is now stopped: the main shut off, "nothing's leaking now". */
export const CONTAINED =
  /\b(?:shut|turned|switched) (?:the |our )?(?:main|water|valve|supply)(?: \w+)? off\b|\b(?:shut|turned|switched) off (?:the |our )?(?:main|water|valve|supply)\b|\bnothing'?s? (?:is )?(?:leaking|coming in|dripping) (?:now|anymore|any more)\b|\b(?:isn'?t|not) (?:leaking|dripping|coming in) (?:now|anymore|any more)\b|\b(?:leak|water)(?:'s| has| is)? stopped\b|\bstopped (?:leaking|dripping)\b|\bunder control\b/;
/** A hazard that could hurt someone soon: ice on the steps, someone who nearly fell. High, not an emergency. */
export const HAZARD =
  /\b(?:ice|icy|freez\w*)\b[^.!?\n]{0,40}\b(?:steps|stairs|walkway|sidewalk|driveway|porch|path)\b|\b(?:nearly|almost) (?:slipped|fell|tripped|fallen)\b/;
/** Damage about to happen: pipes that will freeze. */
export const FREEZE_RISK =
  /\bpipes? (?:will|might|could|are going to|is going to|gonna) freeze\b|\bfrozen pipes?\b|\bpipes? (?:are |is )?frozen\b/;
/** Pain bad enough that the caller wants to be seen now. */
export const SEVERE_PAIN =
  /\b(?:killing me|throbbing|agony|excruciating|unbearable pain|can barely (?:walk|move|stand|sleep|chew|eat|sit)|can'?t (?:sleep|chew|bend over|sit down|move (?:my|his|her))|didn'?t sleep|threw (?:out )?my back|threw my back out|swelling|swollen (?:face|jaw|cheek|gums?|ankle|knee|eye|paw|leg)|(?:face|jaw|cheek|gums?|ankle|knee|eye|paw|leg)s? (?:is |are )?(?:all )?swollen)\b/;
/** Wants it today or within days. */
export const HIGH_TIME =
  /\b(asap|as soon as (?:possible|you can)|right away|urgent(?:ly)?|immediately|today|tonight|this (?:morning|afternoon|evening)|tomorrow|first thing|right now|same day|in (?:an|a half|one|two|\w+) hours?|within the hour)\b/;
/** "Right away" asked for ("can someone come right away?"), not told ("I noticed right away"). */
export const ASKED_NOW =
  /\b(?:need|want|come|send|get|someone|somebody|please|can you|could you|would you|can i|could i|have to|must)\b[^.!?\n]{0,40}\b(?:right away|immediately|straight away)\b/;
export const ASAP =
  /\b(?:(?:kind of|sort of|kinda|a bit of|bit of) an emergency|asap|as soon as (?:possible|you can)|urgent(?:ly)?|(?:the )?sooner the better|as (?:quick|fast) as (?:possible|you can)|(?:someone|somebody|you) (?:quick(?:ly)?|fast)|need (?:it|this) (?:done|fixed) (?:quick(?:ly)?|fast))\b/;
/**
 * A reason the work cannot wait once the caller wants it soon: a need (work, guests, pain, no heat), not the
 * problem itself. A slow leak or a stuck window wanted tomorrow is still normal.
 */
export const HARD_REASON =
  /\b(for work|to work|freezing|below zero|grinding|slipping|spoil\w*|go(?:ing)? bad|losing (?:all )?(?:our |my |the )?food|melting|pain|hurts?|hurting|injur\w*|killing me|sore|aching|\w*aches?|swell\w*|rear-ended|car (?:accident|crash)|a (?:deep |bad |nasty |big )?(?:cut|gash|wound|bite)|(?:neck|back|shoulder|knee|hip|jaw|ankle|wrist) (?:is |feels )?(?:really |so |very )?stiff|hospital|doctor|insurance (?:keeps|is)|deadline|custody|without (?:my )?(?:permission|consent)|(?:keeps?|kept) tripping|restraining order|protective order|arrested|in jail|court|statute|served|eviction|no (?:hot water|heat|ac|air|power|water)|(?:don'?t|do not) have (?:any )?(?:hot water|heat|ac|air|power|water)|without (?:any )?(?:hot water|heat|power|water)|not (?:cooling|heating)|stopped (?:cooling|heating)|won'?t start|only (?:toilet|bathroom|car|fridge)|can'?t (?:work|lock|close|get (?:in|out)|use|reach|send|open|drive|cook|shower|flush)|nobody can|no one can|guests? (?:coming|arriving)|wedding|closing on|inspection (?:is|on))\b/;
/** The caller saying it can wait: enough on its own, whatever day they then suggest. */
export const CALM =
  /\b(no (?:big |real |huge |particular |great |major )?(?:rush|hurry|urgency|time pressure|pressure)|in no (?:rush|hurry)|(?:not|isn'?t|nothing) (?:(?:super|too|that|really|very|terribly|so|particularly|especially|all that) )?(?:urgent|pressing)|not a rush|not in (?:a|any) (?:big |real )?(?:hurry|rush)|nothing pressing|not (?:that )?pressing|(?:it|that|this|they|which|everything|the rest) (?:can|could) wait|(?:can|could) wait (?:a (?:bit|while|week|month|few|couple)|(?:a )?(?:few|couple)|till|until|another|if you'?re busy)|it'?ll keep|not fussed|not bothered (?:about|when)|don'?t mind when|doesn'?t matter when|not a (?:big )?deal|no big deal|not a big problem|not a priority|take your time|no deadline|(?:isn'?t|not|nothing) (?:\w+ )?time[- ]sensitive|low (?:on my list|priority)|been putting it off|planning ahead|just planning|(?:a )?head start|get(?:ting)? ahead|(?:can|could) (?:sit|hold|keep) (?:for )?a (?:while|bit)|not the end of the world|no (?:real |particular |set |specific |fixed )?(?:time ?frame|timeline|due date)|plenty of time|all the time in the world|not life or death|(?:we|i) can (?:manage|make do|live with it)|(?:quotes?|estimates?|spot|date|booking|book(?:ing)? (?:it|us|me)|lock(?:ing)? (?:it|one|a spot|a date) in) (?:\w+ )?early)\b|\b(?:lock(?:ing)?|get(?:ting)?|book(?:ing)?|grab(?:bing)?) in (?:a |the )?(?:spot|date) early\b/;
/** Softer calm: flexible about when. Not low when the caller also names a day within the week. */
export const FLEXIBLE =
  /\b(whenever(?!\s+(?:i|i'm|we|we're|it|it's|the|my|our|he|she|they|there|someone|somebody|anyone)\b)|just thinking about|down the road|eventually|at some point|after the holidays|no commitment|flexible|at your convenience|when(?:ever)? you (?:get|have) (?:a )?(?:chance|time|a minute)|when you can fit)\b/;
/** A far-off time is only a low-urgency cue when it is when the work is wanted, not a deadline ("my wedding's next month"). */
export const LATER =
  /\b(sometime (?:next|in the next) (?:month|year|week or two|couple (?:of )?weeks|few weeks)|sometime in (?:the )?(?:spring|summer|fall|autumn|winter|january|february|march|april|may|june|july|august|september|october|november|december)|in a few (?:months|weeks)|(?:in|over) the next (?:few|couple(?: of)?) (?:weeks|months)|(?:or|even) the week after|next (?:month|year|spring|summer|fall|winter|semester|term|season)|(?:in|for|by) the (?:spring|summer|fall|autumn|winter)|later (?:this|in the) (?:year|spring|summer|fall|autumn)|in (?:a|one|two|three|a couple of|a few) months?|in a month or two|after the new year|(?:sometime|some time) this (?:spring|summer|fall|autumn|winter|year)|early next year|not (?:un)?till? (?:next \w+|(?:the )?(?:spring|summer|fall|autumn|winter)|january|february|march|april|may|june|july|august|september|october|november|december)|before (?:the )?(?:winter|spring|summer|fall|autumn|cold weather|next year))\b/;
export const NEAR = /\b(?:this|next) week\b|\b(?:today|tonight|tomorrow)\b/;
/** A clause about the past: its cues are history, not the state now. */
export const PAST_CLAUSE =
  /\b(?:last (?:week|month|year|summer|winter|spring|fall|autumn|time)|at some point (?:last|yesterday|this morning|overnight)|(?:days|weeks|months|years) ago|used to|back in|a while back)\b/;
export const PRICE_SHOPPING =
  /\b(how much|what (?:do|would) you charge|what(?:'s| is) (?:the|your) (?:price|rate|cost|fee)|getting (?:a few|some|several|multiple) (?:quotes|estimates|prices)|shopping around|ballpark|just (?:wondering|checking) (?:what|how much|about (?:price|cost))|price check|compare)\b/;
export const BOOKING =
  /\b(book|booked|schedule|appointment|come (?:out|by|over)|set (?:it|that|one) up|sign (?:me )?up|reserve|go ahead|let'?s do|works for me|sounds good|see you)\b/;
