import { stem, wordsOf } from './text.ts';

/**
 * Picking one of the business's own services from what the caller said. Service names are free text set
 * by each business, so matching works word by word: each word of a service name matches itself (stemmed)
 * or any everyday phrase that means it. The lexicon covers the trades Leadline serves; a word it does not
 * know still matches literally.
 */
const LEXICON: Record<string, string[]> = {
  leak: ['leak', 'leaking', 'leaky', 'drip', 'dripping', 'burst', 'pouring', 'flooding', 'flooded', 'water everywhere', 'spraying', 'gushing', 'puddle'],
  drain: ['drain', 'clog', 'clogged', 'backed up', 'backing up', "won't drain", 'slow drain', 'blocked', 'blockage', 'overflowing'],
  sewer: ['sewer', 'sewage', 'septic', 'main line', 'smells like sewage'],
  heater: ['water heater', 'hot water', 'no hot water', 'boiler', 'tankless'],
  ac: ['ac', 'a/c', 'a c', 'air conditioner', 'air conditioning', 'aircon', 'not cooling', 'cooling', 'blowing warm', 'central air'],
  air: ['air conditioner', 'air conditioning', 'central air'],
  furnace: ['furnace', 'no heat', 'heating', 'heat pump', "won't heat", 'cold air'],
  heating: ['furnace', 'no heat', 'heat', 'heat pump', 'boiler', 'radiator'],
  duct: ['duct', 'ducts', 'ductwork', 'vents', 'air vents', 'dusty vents'],
  maintenance: ['maintenance', 'tune-up', 'tune up', 'tuneup', 'checkup', 'check-up', 'annual service', 'service plan', 'servicing'],
  installation: ['install', 'installed', 'installing', 'new system', 'new unit', 'replace', 'replacement', 'put in', 'upgrade'],
  replacement: ['replace', 'replacement', 'new roof', 'redo', 'whole new'],
  repair: ['repair', 'fix', 'fixed', 'broken', 'broke', 'not working', "isn't working", "won't", 'stopped working', 'noise', 'banging', 'rattling', 'leak', 'burst', 'damage', 'damaged', 'problem', 'issue', 'acting up', 'cracked'],
  inspection: ['inspection', 'inspect', 'look at', 'take a look', 'check out', 'assess', 'camera'],
  roof: ['roof', 'roofing', 'shingles', 'shingle', 'flashing'],
  storm: ['storm', 'hail', 'hailstorm', 'wind damage', 'tree fell', 'tree came down', 'hurricane', 'tornado'],
  damage: ['damage', 'damaged', 'water coming', 'coming through', 'leak', 'hole', 'torn off', 'ripped'],
  gutter: ['gutter', 'gutters', 'downspout', 'downspouts'],
  accident: ['accident', 'crash', 'crashed', 'collision', 'rear-ended', 'rear ended', 'hit by', 'fender bender', 't-boned', 'totaled', 'hit me', 'ran a red'],
  car: ['car', 'vehicle', 'rear-ended', 'rear ended', 'driver', 'truck', 'freeway', 'highway', 't-boned', 'fender bender'],
  slip: ['slip', 'slipped', 'wet floor', 'tripped', 'trip'],
  fall: ['fell', 'fall', 'falling', 'tripped', 'slipped'],
  workplace: ['at work', 'on the job', 'workplace', "workers' comp", 'workers comp', 'my employer', 'job site', 'warehouse'],
  injury: ['injury', 'injured', 'hurt', 'pain', 'broke my', 'killing me'],
  consultation: ['consultation', 'consult', 'talk to an attorney', 'talk to a lawyer', 'speak with an attorney', 'speak to a lawyer', 'advice'],
  haircut: ['haircut', 'hair cut', 'trim', 'cut my hair', 'a cut', 'fringe', 'bangs'],
  colour: ['colour', 'color', 'dye', 'highlights', 'lowlights', 'roots', 'tint', 'grey coverage', 'gray coverage'],
  color: ['colour', 'color', 'dye', 'highlights', 'lowlights', 'roots', 'tint'],
  balayage: ['balayage', 'balayge', 'ombre', 'ombré'],
  blow: ['blow dry', 'blow-dry', 'blowout', 'blow out'],
  dry: ['blow dry', 'blow-dry', 'blowout', 'blow out'],
  bridal: ['bridal', 'wedding', 'bride', 'bridesmaid'],
  styling: ['styling', 'updo', 'up-do', 'style'],
  electrical: ['outlet', 'wiring', 'breaker', 'sparking', 'sparks', 'panel', 'flickering', 'power out', 'fuse'],
  panel: ['panel', 'breaker box', 'fuse box'],
  pest: ['ants', 'mice', 'rats', 'termites', 'roaches', 'cockroaches', 'bed bugs', 'wasps', 'hornets', 'rodents', 'bugs'],
  lawn: ['lawn', 'grass', 'mow', 'mowing', 'yard'],
  cleaning: ['clean', 'cleaning', 'cleaned', 'cleanout', 'clean out'],
  whitening: ['whitening', 'whiten', 'whiter teeth'],
  tooth: ['tooth', 'teeth', 'toothache', 'molar', 'filling', 'crown'],
  emergency: ['emergency', 'urgent', 'asap', 'right now', 'right away'],
};

/** Words in service names that say what kind of work, not what it is about: weak evidence alone. */
const GENERIC = new Set(['repair', 'installation', 'install', 'replacement', 'cleaning', 'inspection', 'service', 'services', 'plan', 'consultation', 'damage', 'injury', 'styling', 'free', 'new', 'and', 'of', 'the', 'for', 'a']);
const IGNORED = new Set(['free', 'and', 'of', 'the', 'for', 'a', '&']);

function containsPhrase(haystack: string, phrase: string): boolean {
  const p = phrase.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?:^|[^a-z0-9])${p}(?:$|[^a-z0-9])`).test(haystack);
}

/** Whether the caller's text supports one word of a service name. */
function wordMatches(word: string, text: string, textStems: Set<string>): boolean {
  if (textStems.has(stem(word))) return true;
  const triggers = LEXICON[word] ?? LEXICON[stem(word)] ?? [];
  return triggers.some((t) => (/^[a-z]+$/.test(t) ? textStems.has(stem(t)) : containsPhrase(text, t)));
}

export interface ServiceScore {
  service: string;
  score: number;
}

/** Every service with evidence in `text`, best first. */
export function scoreServices(text: string, services: string[]): ServiceScore[] {
  const lower = ` ${text.toLowerCase()} `;
  const stems = new Set(wordsOf(text).map(stem));
  // A word shared by several services ("water" in two of them) tells them apart less.
  const df = new Map<string, number>();
  const serviceWords = services.map((s) => wordsOf(s).filter((w) => !IGNORED.has(w)));
  for (const ws of serviceWords) for (const w of new Set(ws)) df.set(w, (df.get(w) ?? 0) + 1);
  const out: ServiceScore[] = [];
  services.forEach((service, i) => {
    const ws = serviceWords[i]!;
    if (ws.length === 0) return;
    let total = 0;
    let matched = 0;
    let distinctive = false;
    for (const w of ws) {
      const weight = (GENERIC.has(w) ? 1 : 3) / (df.get(w) ?? 1);
      total += weight;
      if (wordMatches(w, lower, stems)) {
        matched += weight;
        if (!GENERIC.has(w) || ws.length === 1) distinctive = true;
      }
    }
    if (!distinctive) return;
    out.push({ service, score: matched * (matched / total) });
  });
  return out.sort((a, b) => b.score - a.score);
}

/** The best-supported service, or null when nothing the caller said points at one. */
export function matchService(text: string, services: string[]): string | null {
  return scoreServices(text, services)[0]?.service ?? null;
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
    const ws = wordsOf(s).filter((w) => !IGNORED.has(w)).map(stem);
    if (ws.length === 0) continue;
    const overlap = ws.filter((w) => valueStems.has(w)).length / ws.length;
    if (overlap > bestOverlap) {
      best = s;
      bestOverlap = overlap;
    }
  }
  return bestOverlap >= 0.5 ? best : matchService(value, services);
}
