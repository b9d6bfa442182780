/**
 * A caller who reads out a long string of digits must not stall extraction or redaction. `partRanges`
 * used to list every contiguous stretch of a run (cubic in its length: 800 spoken digits took ~3.6 s,
 * ~7.9 s through the redactor); it now lists only stretches of at most 19 digits, the longest number any
 * reader looks for, which is linear and finds the same numbers.
 */
import { describe, expect, it } from 'vitest';
import { findDigitRuns, MAX_NUMBER_DIGITS, partRanges } from '../../server/leads/extract/offline/numbers.ts';
import { redactText } from '../../server/leads/redact.ts';

const spokenDigits = (n: number) => Array.from({ length: n }, (_, i) => String((i * 7) % 10)).join(' ');

describe('long dictated digit runs', () => {
  it('partRanges grows linearly: at most 19 windows per chunk, none over 19 digits', () => {
    for (const n of [50, 500, 5000]) {
      const run = findDigitRuns(`my number is ${spokenDigits(n)}`)[0]!;
      expect(run.parts).toHaveLength(n);
      const ranges = partRanges(run);
      expect(ranges.length).toBeLessThanOrEqual(n * MAX_NUMBER_DIGITS);
      expect(Math.max(...ranges.map((r) => r.digits.length))).toBe(MAX_NUMBER_DIGITS);
    }
  });

  it('keeps the order readers rely on: longest first, every short stretch present', () => {
    const run = findDigitRuns('call 617 555 0199, 2 bedrooms')[0]!;
    const ranges = partRanges(run);
    expect(ranges[0]!.digits).toBe('61755501992');
    expect(ranges.map((r) => r.digits)).toContain('6175550199');
    expect(ranges.map((r) => r.digits)).toContain('2');
  });

  it('a 2,000-digit run is redacted in moments, the card read out inside it included', () => {
    const text = `my card is ${spokenDigits(1000)} and then 4111 1111 1111 1111 then ${spokenDigits(1000)}`;
    const started = performance.now();
    const out = redactText(text);
    const ms = performance.now() - started;
    expect(out.text).not.toContain('4111 1111 1111 1111');
    // Cubic took over a minute here (800 digits: 7.9 s); now ~0.2 s. Generous for a loaded machine.
    expect(ms).toBeLessThan(3000);
  });
});
