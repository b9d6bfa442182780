import type { TranscriptTurn } from '../../lead.schema.ts';

/** A caller turn together with the agent turn it answers ('' when the caller spoke first or twice). */
export interface CallerTurn {
  text: string;
  prompt: string;
  index: number;
}

/** Speech-to-text mixes typographic and straight quotes; the rules here are written for straight ones. */
export function plainQuotes(text: string): string {
  return text.replace(/[\u2018\u2019\u02bc]/g, "'").replace(/[\u201c\u201d]/g, '"');
}

/** An agent turn that only keeps the caller going ("Mm-hmm.", "Go ahead."): the caller has not finished. */
const BACKCHANNEL =
  /^\W*(?:(?:mm-?hmm|mhm|uh-?huh|go (?:on|ahead)|okay|ok|yes|yep|right|got it|sure|sorry|and|continue|i'?m listening)\W*){1,3}$/i;

/**
 * Caller turns, each with the agent turn it answers. A caller turn that the agent only acknowledged
 * ("five one two" / "Mm-hmm." / "five five five, zero one three eight") continues into the next one, so a
 * number or an e-mail dictated across turns is read as one.
 */
export function callerTurns(turns: TranscriptTurn[]): CallerTurn[] {
  const out: CallerTurn[] = [];
  let prompt = '';
  let continues = false;
  turns.forEach((t, index) => {
    const text = plainQuotes(t.text);
    if (t.speaker === 'agent') {
      continues =
        out.length > 0 && turns[index - 1]?.speaker === 'caller' && text.length <= 30 && BACKCHANNEL.test(text);
      if (!continues) prompt = text;
      return;
    }
    const last = out[out.length - 1];
    if (continues && last) last.text = `${last.text.replace(/[.\s]+$/, '')} ${text}`;
    else out.push({ text, prompt, index });
    continues = false;
  });
  return out;
}

export function speakerText(turns: TranscriptTurn[], speaker: TranscriptTurn['speaker']): string {
  return turns
    .filter((t) => t.speaker === speaker)
    .map((t) => plainQuotes(t.text))
    .join('\n');
}

export function callerText(turns: TranscriptTurn[]): string {
  return speakerText(turns, 'caller');
}

/**
 * Words that start a sentence or fill a reply and so show up capitalised without being names.
 * Used to keep "Sure", "Yeah" or "Press" out of a caller's name.
 */
export const NOT_NAME_WORDS = new Set(
  `a about actually afternoon ah alright also am an and any anyway are as at be because best but by call
  calling can cell could day do does email evening fine first for from gmail go good got great had has have
  he hello her here hey hi his hmm how i i'm if in is it it's its just last let like looking mine maybe me
  mobile morning my name need next no not now number of oh ok okay on or our outlook phone please press
  really right same say see she so sorry sounds speaking street sure thank thanks that that's the their then
  there they this those to today tomorrow uh um uhm us very want was we well were what when where which who
  why will with would yahoo yeah yes yep you your yup hiya hullo cheers lovely brilliant perfect correct nah nope
  great calling wondering trying just wanted hoping regarding about concerning too much many more less
  quite pass later busy never mind rather nothing something anything everything fine good bad can't won't don't
  dont cant wont expensive cheap thanks`.split(/\s+/),
);

/** Joined spelled-out words ("B-E-C-K-E-R", "b e c k e r") with their spans. */
export function spelledWords(text: string): { word: string; start: number; end: number }[] {
  const out: { word: string; start: number; end: number }[] = [];
  const re = /(?<![A-Za-z'’])[A-Za-z](?:[\s.-]{1,3}[A-Za-z](?![A-Za-z'’])){2,}/g;
  for (const m of text.matchAll(re)) {
    // One spelling keeps one separator: in "no H. J-O-N" the "H" is a remark and "J-O-N" the spelling.
    const seps = [...m[0].matchAll(/[\s.-]+/g)];
    const counts = new Map<string, number>();
    for (const sep of seps) counts.set(sep[0], (counts.get(sep[0]) ?? 0) + 1);
    const main = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
    let startIdx = 0;
    const groups: { text: string; at: number }[] = [];
    for (const sep of seps) {
      if (sep[0] !== main) {
        groups.push({ text: m[0].slice(startIdx, sep.index), at: startIdx });
        startIdx = sep.index + sep[0].length;
      }
    }
    groups.push({ text: m[0].slice(startIdx), at: startIdx });
    for (const g of groups) {
      const letters = g.text.replace(/[^A-Za-z]/g, '');
      // "I a m" style accidents are rare; real spellings are not all the two one-letter English words.
      if (letters.length < 3 || /^[aiAI]+$/.test(letters)) continue;
      out.push({ word: letters, start: m.index + g.at, end: m.index + g.at + g.text.length });
    }
  }
  return out;
}

export function titleCase(word: string): string {
  return word.toLowerCase().replace(/(^|[-'’])([a-z])/g, (_, sep: string, c: string) => sep + c.toUpperCase());
}

/** Crude English stemming: enough to match "plans" to "plan" and "leaking" to "leak". */
export function stem(word: string): string {
  // "the AC's been rattling": a clitic is not part of the word.
  let w = word.toLowerCase();
  if (w.includes("'") || w.includes('’')) w = w.replace(/['’](?:s|re|ve|ll|d|m)$/, '');
  // "fillings" and "filling" must meet too: the plural comes off before the -ing.
  if (w.length > 6 && w.endsWith('ings')) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ies')) w = w.slice(0, -3) + 'y';
  else if (w.length > 4 && w.endsWith('es') && /(ch|sh|x|ss)es$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  // "replace"/"replacing" and "leak"/"leaked" meet at one stem.
  if (w.length > 4 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

export function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]+(?:['’][a-z]+)?/g) ?? [];
}

/** Clauses, so a past-tense "we had a storm tonight" does not colour "come tomorrow" in the same turn. */
export function clauses(text: string): string[] {
  return text
    .split(/[.;!?]+|,\s*(?=(?:and|but|so|because)\b)|\s+(?:but|because)\s+/i)
    .map((c) => c.trim())
    .filter(Boolean);
}

/** True when the sentence negates the cue just before it ("not an emergency", "it doesn't hurt"). */
export function negatedBefore(text: string, index: number): boolean {
  const before = text.slice(Math.max(0, index - 20), index).toLowerCase();
  // "won't" is left out on purpose: "won't stop leaking" states the problem rather than denying it.
  return /\b(not|isn't|isnt|no|never|wasn't|nothing|doesn't|doesnt|don't|dont|didn't|didnt|aren't|arent)\b[\s\w]{0,10}$/.test(
    before,
  );
}
