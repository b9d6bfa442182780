import type { TranscriptTurn } from '../../lead.schema.ts';
import { NOT_NAME_WORDS, callerTurns, spelledWords, titleCase } from './text.ts';
import { FILLER_WORDS, afterLeading, letterKey, phrases, tokenize } from './tokens.ts';

const ASKS_NAME =
  /\b(your name|the name|name (?:please|for)|what name|which name|under what name|a name (?:for|to put)|who am i speaking|who'?s calling|who is calling|full name|first name|last name|surname|spell (?:that|it|your))\b|\bname\?/i;
const ASKS_LAST = /\b(?:last name|surname|family name)\b/i;
const NAME_CUE =
  /\b(?:my name(?:'s| is)|name's|name is|this is|it's|it is|i'm|i am|call me|speaking with|you'?re speaking to)\s+/gi;
/** "Most people call me Effie" gives a nickname, not the name asked for. */
const NICKNAME_BEFORE = /\b(?:people|everyone|everybody|friends|folks|they|all|most)\s+(?:\w+\s+)?$/i;
const LAST_NAME_CUE = /\b(?:last name|surname|family name)(?:'s| is)?\s*[:,]?\s+/gi;
/** What a caller says before a name, matched on whole tokens only (tokens.ts). */
const LEAD_IN = phrases([
  ...FILLER_WORDS,
  'sure',
  'yes',
  'yeah',
  'yep',
  'yup',
  'ok',
  'okay',
  'of course',
  'hi',
  'hello',
  'hiya',
  'well',
  'so',
  'right',
  'certainly',
  'absolutely',
  "it's",
  'it is',
  'this is',
  "my name's",
  'my name is',
  "name's",
  "i'm",
  'i am',
  "the name's",
  'no',
  'nah',
  'sorry',
  "that's",
  'that is',
  'and',
  'first name',
  "first name's",
  'first name is',
]);
/** Something said before a value that takes back what came before it in the same turn. */
const CORRECTION =
  /\b(?:no wait|wait|sorry|i mean|actually|scratch that|correction|rather|make that|oops|no,? no)\b[\s,.]*$/i;
const SAYS_NO = /^\W*(?:oh,?\s+)?(?:no|nope|not quite|sorry|actually)\b/i;

/** A word that could be part of a person's name (capitalised, or anything non-common when the STT lower-cases). */
function nameWord(word: string, allowLower: boolean): boolean {
  if (!/^\p{L}[\p{L}\p{M}'’-]*$/u.test(word)) return false;
  // Spelled letters ("A-O-I-F-E") are a spelling, handled apart.
  if (/^\p{L}(?:[-.]\p{L})+$/u.test(word)) return false;
  if (NOT_NAME_WORDS.has(word.toLowerCase()) || FILLER_WORDS.has(word.toLowerCase())) return false;
  // Pronoun contractions ("I'll", "we're") are never names.
  if (/^(?:i|we|you|they|he|she|it|that|there)['’]/i.test(word)) return false;
  if (word.length === 1) return false;
  return /^\p{Lu}/u.test(word) || allowLower;
}

/** Up to three name words at the start of `text`, stopping at the first token that cannot be a name. */
function leadingName(text: string, allowLower: boolean): string[] {
  const out: string[] = [];
  for (const t of tokenize(text)) {
    if (!nameWord(t.text, allowLower)) break;
    out.push(t.text.replace(/['’]s$/, ''));
    if (out.length === 3) break;
  }
  return out;
}

interface Candidate {
  parts: string[];
  at: number;
  corrected: boolean;
}

/** Names stated in one turn (after a cue, or as the reply to a name question), in order of position. */
function statedNames(text: string, prompt: string): Candidate[] {
  const asked = ASKS_NAME.test(prompt);
  const out: Candidate[] = [];
  const add = (parts: string[], at: number) => {
    if (parts.length > 0) out.push({ parts, at, corrected: CORRECTION.test(text.slice(0, at)) });
  };
  for (const m of text.matchAll(NAME_CUE)) {
    if (/call me/i.test(m[0]) && NICKNAME_BEFORE.test(text.slice(0, m.index))) continue;
    add(leadingName(text.slice(m.index + m[0].length), asked && /name/i.test(m[0])), m.index);
  }
  if (asked) {
    // Each sentence of a reply to "your name?" may restate it: "Erin. Erin Walsh."
    let offset = 0;
    for (const piece of text.split(/(?<=[.!?;])\s+/)) {
      const reply = afterLeading(piece, LEAD_IN);
      const parts = leadingName(reply, true);
      const words = reply.split(/\s+/).filter((w) => w.replace(/[^\p{L}]/gu, '').length > 1);
      // A long lower-case reply is a sentence, not a name.
      if (parts.length > 0 && !(/^\p{Ll}/u.test(parts[0]!) && words.length > 4))
        add(parts, offset + piece.length - reply.length);
      offset += piece.length + 1;
    }
  }
  return out.sort((a, b) => a.at - b.at);
}

/** The one name a turn states: a corrected one if any, else the fullest statement of the first. */
function pickStated(cands: Candidate[]): string[] {
  if (cands.length === 0) return [];
  const corrected = cands.filter((c) => c.corrected);
  if (corrected.length > 0) return corrected[corrected.length - 1]!.parts;
  let best = cands[0]!.parts;
  for (const c of cands.slice(1)) {
    if (letterKey(c.parts[0]!) === letterKey(best[0]!) && c.parts.length > best.length) best = c.parts;
  }
  return best;
}

/** A surname the turn gives as such ("last name's Kovač", or the reply to "and your last name?"). */
function lastNameIn(text: string, prompt: string): string | null {
  for (const m of text.matchAll(LAST_NAME_CUE)) {
    const last = leadingName(text.slice(m.index + m[0].length), true);
    if (last.length > 0) return last.join(' ');
  }
  if (ASKS_LAST.test(prompt) && !/\b(?:full|first|your) name\b/i.test(prompt)) {
    const last = leadingName(afterLeading(text, LEAD_IN), true);
    if (last.length > 0) return last.join(' ');
  }
  return null;
}

function echoes(prompt: string, parts: string[]): boolean {
  const said = new Set(tokenize(prompt).map((t) => letterKey(t.text)));
  return parts.some((p) => said.has(letterKey(p)));
}

/** A spelling refines the name: it confirms a part (kept as said, accents and hyphens included) or corrects one. */
function applySpelling(parts: string[], spelled: string[], prompt: string, text: string): string[] {
  const out = [...parts];
  for (const s of spelled) {
    const key = s.toLowerCase();
    if (out.some((p) => letterKey(p) === key || p.split('-').some((seg) => letterKey(seg) === key))) continue;
    // "Catherine with a C?" — "No, K-A-T-H-E-R-I-N-E": the part the agent read back is the one corrected.
    const echoed = SAYS_NO.test(text) ? out.findIndex((p) => echoes(prompt, [p])) : -1;
    const alike = echoed >= 0 ? echoed : out.findIndex((p) => letterKey(p)[0] === key[0]);
    if (alike >= 0) out[alike] = titleCase(s);
    else if (out.length <= 1 || ASKS_LAST.test(prompt)) out.push(titleCase(s));
  }
  return out;
}

/**
 * The caller's name, filled turn by turn: a stated name replaces what was known unless it only repeats the
 * first name; a surname given on its own joins the known first name; a spelling confirms or corrects a part.
 */
export function extractName(turns: TranscriptTurn[]): string | null {
  let parts: string[] = [];
  for (const t of callerTurns(turns)) {
    const stated = pickStated(statedNames(t.text, t.prompt));
    const last = lastNameIn(t.text, t.prompt);
    if (stated.length > 0 && !(stated.length === 1 && last)) {
      const repeatsFirst = stated.length === 1 && parts.length > 1 && letterKey(parts[0]!) === letterKey(stated[0]!);
      if (!repeatsFirst) parts = stated;
    }
    if (last && !(parts.length > 1 && parts.slice(1).join(' ') === last)) {
      const first = stated.length === 1 && letterKey(stated[0]!) !== letterKey(last) ? stated : parts.slice(0, 1);
      parts = [...first.filter((p) => letterKey(p) !== letterKey(last)), last];
    }
    // Only a turn about the name: letters spelled in an e-mail or a reference number are not a spelling of it.
    const aboutName =
      ASKS_NAME.test(t.prompt) ||
      stated.length > 0 ||
      last !== null ||
      (SAYS_NO.test(t.text) && echoes(t.prompt, parts));
    const spelled = spelledWords(t.text).map((s) => s.word);
    if (spelled.length > 0 && aboutName) parts = applySpelling(parts, spelled, t.prompt, t.text);
  }
  if (parts.length === 0) {
    for (const t of turns) {
      if (t.speaker !== 'agent') continue;
      const m = AGENT_USES_NAME.exec(t.text);
      if (m && !NOT_NAME_WORDS.has(m[1]!.toLowerCase())) parts = [m[1]!];
    }
  }
  return parts.length > 0 ? parts.map((p) => (/^\p{Ll}/u.test(p) ? titleCase(p) : p)).join(' ') : null;
}

/** The agent addressing the caller by a name it heard: a fallback when the caller's words were garbled. */
const AGENT_USES_NAME = /\b(?:thanks|thank you|okay|got it|great|perfect|lovely)\s*,?\s+(\p{Lu}[\p{Ll}'’-]+)\b/u;
