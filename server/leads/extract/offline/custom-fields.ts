import type { BusinessContext, TranscriptTurn } from '../../lead.schema.ts';
import { plainQuotes, stem, wordsOf } from './text.ts';

const STOP = new Set([
  'the',
  'a',
  'an',
  'of',
  'your',
  'you',
  'do',
  'is',
  'what',
  'and',
  'or',
  'to',
  'for',
  'any',
  'how',
  'many',
  'much',
  'if',
  'in',
  'on',
  'have',
]);
const LEAD_IN =
  /^(?:(?:yes|yeah|yep|no|nope|sure|ok|okay|um|uh|so|well|it'?s|it is|that'?s|that is|i think|i believe|about|around|probably|we have|i have|we'?ve got|i'?ve got|we are|i am|i'?m|we'?re)\b[\s,.!-]*)+/i;

function keyWords(label: string, key: string): string[] {
  const words = [...wordsOf(label), ...key.split(/[_\-\s]+|(?=[A-Z])/).map((w) => w.toLowerCase())];
  return [...new Set(words.filter((w) => w.length > 1 && !STOP.has(w)).map(stem))];
}

/** True when the agent turn asks about this field: it names most of the label's content words. */
function asksAbout(agentText: string, words: string[]): boolean {
  if (words.length === 0) return false;
  const said = new Set(wordsOf(agentText).map(stem));
  const hit = words.filter((w) => said.has(w)).length;
  return hit >= Math.max(1, Math.ceil(words.length / 2));
}

/**
 * Fills the business's extra capture fields from the caller's answer to the agent's question about
 * each one (best effort: the answer as said, without "yes, it's"). The latest answer wins.
 */
export function extractCustomFields(
  turns: TranscriptTurn[],
  captureFields: BusinessContext['captureFields'],
): Record<string, string> {
  const out: Record<string, string> = {};
  if (!captureFields || captureFields.length === 0) return out;
  const fields = captureFields.map((f) => ({ key: f.key, words: keyWords(f.label, f.key) }));
  for (let i = 0; i < turns.length - 1; i++) {
    const ask = turns[i]!;
    const answer = turns[i + 1]!;
    if (ask.speaker !== 'agent' || answer.speaker !== 'caller') continue;
    // Several fields may be named in one question; the one with the most words named owns the answer.
    const candidates = fields.filter((f) => asksAbout(ask.text, f.words));
    if (candidates.length === 0) continue;
    const said = new Set(wordsOf(ask.text).map(stem));
    candidates.sort((a, b) => b.words.filter((w) => said.has(w)).length - a.words.filter((w) => said.has(w)).length);
    const value = plainQuotes(answer.text)
      .replace(LEAD_IN, '')
      .trim()
      .replace(/[.!]+$/, '');
    if (value) out[candidates[0]!.key] = value.length > 200 ? value.slice(0, 200) : value;
  }
  return out;
}
