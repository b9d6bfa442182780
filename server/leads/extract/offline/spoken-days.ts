/** Days of the month said in words: "the fifteenth", "the twenty-first". */
const ORDINALS = [
  'first',
  'second',
  'third',
  'fourth',
  'fifth',
  'sixth',
  'seventh',
  'eighth',
  'ninth',
  'tenth',
  'eleventh',
  'twelfth',
  'thirteenth',
  'fourteenth',
  'fifteenth',
  'sixteenth',
  'seventeenth',
  'eighteenth',
  'nineteenth',
  'twentieth',
];
/**
 * A day of the month said in words after a word that makes it a date ("lapses on the fifteenth", "by the
 * twenty-first"): "the first thing" or "the third floor" alone are not dates.
 */
export const SPELLED_DAY_RE = new RegExp(
  String.raw`\b(?:on|by|before|until|till|after|from|through|for) the\s+(?:(twenty|thirty)[- ])?(${ORDINALS.join('|')}|thirtieth)\b(?!\s+(?:thing|time|one|floor|step|place|call|visit|house|door|day|week|month|year|appointment|of (?:them|those|these|us)))`,
);

export function spelledDay(tens: string | undefined, unit: string): number {
  const u = unit === 'thirtieth' ? 30 : ORDINALS.indexOf(unit) + 1;
  return (tens === 'twenty' ? 20 : tens === 'thirty' ? 30 : 0) + u;
}
