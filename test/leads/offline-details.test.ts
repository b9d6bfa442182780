import { describe, expect, it } from 'vitest';
import { extractPreferredTime } from '../../server/leads/extract/offline/preferred-time.ts';
import { parseDate } from '../../server/leads/extract/offline/spoken-date.ts';
import { matchService } from '../../server/leads/extract/offline/service.ts';
import { negatedBefore, stem } from '../../server/leads/extract/offline/text.ts';
import { classifyUrgency } from '../../server/leads/extract/offline/urgency.ts';

/** Small general rules that the newer held-out cases showed missing; each checked on other wording here. */
describe('offline extractor details', () => {
  it('plural -ing words meet their singular ("fillings" / "filling")', () => {
    expect(stem('fillings')).toBe(stem('filling'));
    expect(stem('ceilings')).toBe(stem('ceiling'));
    expect(stem('things')).toBe(stem('thing'));
    expect(matchService('one of my fillings fell out', ['cleaning', 'fillings', 'teeth whitening'])).toBe('fillings');
  });

  it('"doesn\'t", "don\'t" and "didn\'t" negate a cue; "won\'t" does not ("won\'t stop leaking")', () => {
    const at = (text: string, cue: string) => negatedBefore(text, text.indexOf(cue));
    expect(at("it doesn't hurt much", 'hurt')).toBe(true);
    expect(at("I don't think it's an emergency", 'emergency')).toBe(false); // too far from the cue to be sure
    expect(at("it won't stop leaking", 'leaking')).toBe(false);
    expect(classifyUrgency("the crown came off, it doesn't hurt though, can I come tomorrow", 1)).toBe('normal');
  });

  it('a far-off time is a low-urgency cue only when no near day is named', () => {
    expect(classifyUrgency('we move in next month, so sometime then is fine', null)).toBe('low');
    expect(classifyUrgency('our grand opening is next month, can someone come Thursday', 3)).toBe('normal');
    expect(classifyUrgency('no rush at all, maybe Thursday', 3)).toBe('low');
  });

  // Wednesday 2026-02-18
  const wed = { year: 2026, month: 2, day: 18, weekday: 3 };
  const iso = (d: { year: number; month: number; day: number } | null) =>
    d && `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
  it('a day of the month beats the weekday said with it', () => {
    expect(iso(parseDate('Monday the 2nd', wed, false))).toBe('2026-03-02');
    expect(iso(parseDate('could we do Friday the 27th', wed, false))).toBe('2026-02-27');
    expect(iso(parseDate('Friday', wed, false))).toBe('2026-02-20');
  });

  it('"next week … Tuesday" means next week\'s Tuesday, unless next week is when the caller is away', () => {
    const when = (text: string) =>
      extractPreferredTime(
        [{ speaker: 'caller', text }],
        { timezone: 'America/Chicago' },
        { calledAt: '2026-02-18T16:00:00Z' },
      ).preferredTime?.slice(0, 10);
    expect(when('Next week would be better, say Friday.')).toBe('2026-02-27');
    expect(when("I'm away next week, but Friday works.")).toBe('2026-02-20');
    expect(when('Friday works.')).toBe('2026-02-20');
  });
});
