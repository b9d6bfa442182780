import type { TranscriptTurn } from '../../lead.schema.ts';
import { callerTurns } from './text.ts';

const SUFFIX =
  'street|st|avenue|ave|road|rd|drive|dr|lane|ln|boulevard|blvd|way|court|ct|place|pl|circle|cir|terrace|parkway|pkwy|highway|hwy|trail|trl|crescent|close|square|sq|row|mews|grove|gardens|walk|loop|pike|alley|run|path|plaza|point|ridge|hill|park';
const STREET = new RegExp(
  // number, 1–4 street-name words, a suffix, optional unit, optional ", City" / "in City" / "City, ST 12345"
  String.raw`\b(\d{1,6}[A-Za-z]?)\s+((?:(?:[NSEW]\.?|North|South|East|West)\s+)?(?:[A-Za-z0-9'’.-]+\s+){0,3}(?:${SUFFIX})\b\.?)` +
    String.raw`((?:\s*,?\s*(?:apt|apartment|unit|suite|ste|#)\.?\s*[A-Za-z0-9-]+)?)` +
    String.raw`((?:\s*,\s*|\s+in\s+)(?:[A-Z][A-Za-z'’.-]+)(?:\s+[A-Z][A-Za-z'’.-]+){0,2}(?:\s*,?\s*[A-Z]{2}\b)?(?:\s+\d{5}(?:-\d{4})?)?)?`,
  'i',
);
const ASKS_ADDRESS = /\b(address|where (?:are you|is the property|is it|do you live)|location|postcode|zip)\b/i;
/** Words that look like a city after "in" but are not: "in the morning", "in Lakewood" stays. */
const NOT_CITY = /^(?:the|a|an|my|our|your|this|that|morning|afternoon|evening|it|there|here|back|front)$/i;

/** Tidies an address as said: "in Lakewood" becomes ", Lakewood", trailing punctuation goes. */
function tidy(street: string, unit: string, city: string): string {
  let out = street.trim().replace(/\s+/g, ' ');
  if (unit.trim()) out += ', ' + unit.replace(/^\s*,?\s*/, '').trim();
  const c = city.replace(/^\s*(?:,|in)\s*/i, '').trim();
  if (c && !NOT_CITY.test(c.split(/\s+/)[0]!)) out += ', ' + c;
  return out.replace(/[.,\s]+$/, '');
}

export function findAddress(text: string): string | null {
  const m = STREET.exec(text);
  if (!m) return null;
  // The street-name words must not be sentence filler ("2 or 3 in the afternoon way" is not an address).
  const name = m[2]!;
  if (/\b(or|and|to|at|in|the|on)\b/i.test(name.split(/\s+/).slice(0, -1).join(' '))) return null;
  return tidy(`${m[1]} ${name.replace(/\.$/, '')}`, m[3] ?? '', m[4] ?? '');
}

/**
 * The service address. An answer to the agent's address question wins; otherwise the last street address
 * the caller mentions (a correction comes later).
 */
export function extractAddress(turns: TranscriptTurn[]): string | null {
  let answered: string | null = null;
  let mentioned: string | null = null;
  for (const t of callerTurns(turns)) {
    const a = findAddress(t.text);
    if (!a) continue;
    if (ASKS_ADDRESS.test(t.prompt)) answered = a;
    else mentioned = a;
  }
  return answered ?? mentioned;
}
