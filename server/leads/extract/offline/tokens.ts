/**
 * A normalised token stream over one utterance. Words are whole Unicode words ("Zoë", "Kovač", "O'Neill",
 * "Soo-jin"), so anything that drops or matches words (filler removal, lead-in phrases) works on whole tokens
 * and can never cut into a word: "Sofia" does not lose "So", "Errol" does not lose "Er".
 */
export interface Token {
  text: string;
  lower: string;
  start: number;
  end: number;
  isWord: boolean;
}

const TOKEN = /[\p{L}\p{M}][\p{L}\p{M}'’-]*[\p{L}\p{M}]|[\p{L}\p{M}]|\d+|[^\s\p{L}\p{M}\d]/gu;

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(TOKEN)) {
    out.push({
      text: m[0],
      lower: m[0].toLowerCase(),
      start: m.index,
      end: m.index + m[0].length,
      isWord: /^[\p{L}\p{M}\d]/u.test(m[0]),
    });
  }
  return out;
}

/** Sounds and words that fill a pause; they carry nothing, but only as whole tokens. */
export const FILLER_WORDS = new Set([
  'um',
  'umm',
  'uh',
  'uhh',
  'uhm',
  'er',
  'erm',
  'ah',
  'eh',
  'hmm',
  'mm',
  'mhm',
  'uh-huh',
  'oh',
]);

/** Phrases as token sequences: "my name is" → ["my", "name", "is"]. "it's" stays one token. */
export function phrases(list: string[]): string[][] {
  return list.map((p) => p.toLowerCase().split(/\s+/));
}

function phraseAt(tokens: Token[], i: number, phrase: string[]): boolean {
  return phrase.every((w, k) => tokens[i + k]?.lower === w);
}

/**
 * The text after any run of leading phrases (and punctuation between them), matched on whole tokens.
 * "Um, so, it's Sofia" with phrases [um], [so], [it's] → "Sofia"; "Sofia" is left whole.
 */
export function afterLeading(text: string, lead: string[][]): string {
  const tokens = tokenize(text);
  let i = 0;
  for (;;) {
    while (tokens[i] && !tokens[i]!.isWord) i++;
    const hit = lead.find((p) => phraseAt(tokens, i, p));
    if (!hit) break;
    i += hit.length;
  }
  return tokens[i] ? text.slice(tokens[i]!.start) : '';
}

/** Letters only, accents folded: "Soo-jin" and "SOOJIN", "Kovač" and "KOVAC" compare equal. */
export function letterKey(word: string): string {
  return word
    .normalize('NFKD')
    .replace(/[^\p{L}]/gu, '')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}
