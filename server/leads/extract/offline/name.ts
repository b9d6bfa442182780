import type { TranscriptTurn } from '../../lead.schema.ts';
import { NOT_NAME_WORDS, callerTurns, spelledWords, titleCase } from './text.ts';

const ASKS_NAME = /\b(your name|the name|name (?:please|for)|who am i speaking|who'?s calling|who is calling|full name|first name|last name|surname|spell (?:that|it|your))\b|\bname\?/i;
const NAME_CUE = /\b(?:my name(?:'s| is)|name's|name is|this is|it's|it is|i'm|i am|call me|speaking with|you'?re speaking to)\s+/gi;
const LAST_NAME_CUE = /\b(?:last name|surname|family name)(?:'s| is)?\s*[:,]?\s+/gi;
const FILLER = /^(?:(?:sure|yes|yeah|yep|yup|ok|okay|of course|hi|hello|hiya|um|uh|er|well|so|right|certainly|absolutely|it'?s|it is|this is|my name(?:'s| is)|name's|i'?m|i am|the name'?s)[\s,.!-]*)+/i;

/** A word that could be part of a person's name (capitalised, or anything non-common when the STT lower-cases). */
function nameWord(word: string, allowLower: boolean): boolean {
  if (!/^[A-Za-z][A-Za-z'’-]*$/.test(word)) return false;
  if (NOT_NAME_WORDS.has(word.toLowerCase())) return false;
  if (word.length === 1) return false;
  return /^[A-Z]/.test(word) || allowLower;
}

/** Up to three name words at the start of `text`, stopping at the first word that cannot be a name. */
function leadingName(text: string, allowLower: boolean): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/[A-Za-z'’-]+|[^\sA-Za-z'’-]/g)) {
    const w = m[0];
    if (!nameWord(w, allowLower)) break;
    out.push(w.replace(/['’]s$/, ''));
    if (out.length === 3) break;
  }
  // A spelled-out word right after a name ("Becker. B-E-C-K-E-R") is handled separately, never a 2nd name.
  return out;
}

/** Applies spelled-out words: a spelling replaces the word it spells (or the one it starts like). */
function applySpelling(parts: string[], text: string, lastNameCue: boolean): string[] {
  const out = [...parts];
  for (const s of spelledWords(text)) {
    const spelled = titleCase(s.word);
    const same = out.findIndex((p) => p.toLowerCase() === s.word.toLowerCase());
    if (same >= 0) {
      out[same] = spelled;
      continue;
    }
    const alike = out.findIndex((p) => p[0]?.toLowerCase() === s.word[0]?.toLowerCase());
    if (alike >= 0) out[alike] = spelled;
    else if (lastNameCue || out.length === 1) out.push(spelled);
    else if (out.length === 0) out.push(spelled);
  }
  return out;
}

/** The name in one caller turn, if it gives one. */
function nameInTurn(text: string, prompt: string): string[] {
  const asked = ASKS_NAME.test(prompt);
  let parts: string[] = [];
  for (const m of text.matchAll(NAME_CUE)) {
    const cand = leadingName(text.slice(m.index + m[0].length), asked && /name/i.test(m[0]));
    if (cand.length > 0) {
      parts = cand;
      break;
    }
  }
  if (parts.length === 0 && asked) {
    const reply = text.replace(FILLER, '');
    parts = leadingName(reply, true);
    // A long lower-case reply is a sentence, not a name.
    const words = reply.split(/\s+/).filter((w) => w.replace(/[^A-Za-z]/g, '').length > 1);
    if (parts.length > 0 && !/^[A-Z]/.test(parts[0]!) && words.length > 4) parts = [];
  }
  let lastNameCue = false;
  for (const m of text.matchAll(LAST_NAME_CUE)) {
    lastNameCue = true;
    const last = leadingName(text.slice(m.index + m[0].length), true);
    if (last.length > 0 && spelledWords(text.slice(m.index)).length === 0) {
      parts = [...parts.slice(0, 1), last[0]!];
    }
  }
  if (asked || parts.length > 0) parts = applySpelling(parts, text, lastNameCue);
  return parts.map((p) => (/^[a-z]/.test(p) ? titleCase(p) : p));
}

/** The agent addressing the caller by a name it heard: a fallback when the caller's words were garbled. */
const AGENT_USES_NAME = /\b(?:thanks|thank you|okay|got it|great|perfect|lovely)\s*,?\s+([A-Z][a-z'’-]+)\b/;

/**
 * The caller's name as given. A later statement of the name (a correction, a spelling, a surname added)
 * refines the earlier one; a turn with only a first name does not erase a known surname.
 */
export function extractName(turns: TranscriptTurn[]): string | null {
  let parts: string[] = [];
  for (const t of callerTurns(turns)) {
    const found = nameInTurn(t.text, t.prompt);
    if (found.length === 0) continue;
    if (found.length === 1 && parts.length > 1 && parts[0]!.toLowerCase() === found[0]!.toLowerCase()) continue;
    parts = found;
  }
  if (parts.length === 0) {
    for (const t of turns) {
      if (t.speaker !== 'agent') continue;
      const m = AGENT_USES_NAME.exec(t.text);
      if (m && !NOT_NAME_WORDS.has(m[1]!.toLowerCase())) parts = [m[1]!];
    }
  }
  return parts.length > 0 ? parts.join(' ') : null;
}
