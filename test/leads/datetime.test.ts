import { describe, expect, it } from 'vitest';
import type { TranscriptTurn } from '../../server/leads/lead.schema.ts';
import { extractPreferredTime } from '../../server/leads/extract/offline/preferred-time.ts';
import { parseDate } from '../../server/leads/extract/offline/spoken-date.ts';
import { parseTime } from '../../server/leads/extract/offline/spoken-time.ts';
import { localDateTime, toZonedIso, zonedIso } from '../../server/time/zoned.ts';

const caller = (text: string): TranscriptTurn => ({ speaker: 'caller', text });
const agent = (text: string): TranscriptTurn => ({ speaker: 'agent', text });

describe('timezone', () => {
  it('gives the business-local date of a UTC instant', () => {
    // 03:30 UTC on the 3rd is still the evening of the 2nd in Chicago.
    expect(localDateTime(new Date('2026-03-03T03:30:00Z'), 'America/Chicago')).toMatchObject({
      year: 2026,
      month: 3,
      day: 2,
      hour: 21,
      weekday: 1,
    });
  });
  it('uses the offset in force on that date (DST both ways)', () => {
    expect(zonedIso({ year: 2026, month: 3, day: 6 }, 10, 0, 'America/New_York')).toBe('2026-03-06T10:00:00-05:00');
    expect(zonedIso({ year: 2026, month: 3, day: 9 }, 10, 0, 'America/New_York')).toBe('2026-03-09T10:00:00-04:00');
    expect(zonedIso({ year: 2026, month: 10, day: 26 }, 9, 30, 'Europe/London')).toBe('2026-10-26T09:30:00+00:00');
    expect(zonedIso({ year: 2026, month: 7, day: 1 }, 9, 0, 'Asia/Kolkata')).toBe('2026-07-01T09:00:00+05:30');
  });
  it('moves a time skipped by the spring-forward jump forward', () => {
    expect(zonedIso({ year: 2026, month: 3, day: 8 }, 2, 30, 'America/New_York')).toBe('2026-03-08T03:30:00-04:00');
  });
  it('re-expresses instants and local times in the zone', () => {
    expect(toZonedIso('2026-07-09T21:00:00Z', 'America/Los_Angeles')).toBe('2026-07-09T14:00:00-07:00');
    expect(toZonedIso('2026-07-09T14:00', 'America/Los_Angeles')).toBe('2026-07-09T14:00:00-07:00');
    expect(toZonedIso('not a date', 'America/Los_Angeles')).toBeNull();
  });
});

describe('parseDate', () => {
  // Thursday 2026-03-05
  const thu = { year: 2026, month: 3, day: 5, weekday: 4 };
  it.each([
    ['tomorrow', '2026-03-06'],
    ['the day after tomorrow', '2026-03-07'],
    ['this Friday', '2026-03-06'],
    ['Friday', '2026-03-06'],
    ['next Tuesday', '2026-03-10'],
    ['next Friday', '2026-03-13'],
    ['Thursday', '2026-03-12'],
    ['this weekend', '2026-03-07'],
    ['in three days', '2026-03-08'],
    ['March 20th', '2026-03-20'],
    ['the 2nd of March', '2027-03-02'],
    ['on the 14th', '2026-03-14'],
    ['3/9', '2026-03-09'],
    ['it lapses on the fifteenth', '2026-03-15'],
    ['by the twenty-first', '2026-03-21'],
    ['until the third', '2026-04-03'],
  ])('%s', (text, iso) => {
    const d = parseDate(text, thu, false);
    expect(d && `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`).toBe(iso);
  });
  it('reads numeric dates day-first outside America', () => {
    expect(parseDate('9/3', thu, true)).toMatchObject({ month: 3, day: 9 });
  });
  it('finds no day in vague phrases', () => {
    expect(parseDate('sometime soon', thu, false)).toBeNull();
    // An ordinal in words is a day only after a word that makes it one.
    expect(parseDate('first thing in the morning', thu, false)).toBeNull();
    expect(parseDate('on the third floor', thu, false)).toBeNull();
  });
});

describe('parseTime', () => {
  it.each([
    ['like 2 or 3', 14, 0],
    ['eleven in the morning', 11, 0],
    ['2:30 pm', 14, 30],
    ['at 10:30', 10, 30],
    ['half past two', 14, 30],
    ['noon', 12, 0],
    ['around 7 in the evening', 19, 0],
    ['8 a.m.', 8, 0],
  ])('%s', (text, hour, minute) => {
    expect(parseTime(text)).toEqual({ hour, minute });
  });
  it('ignores windows and quantities', () => {
    expect(parseTime('anytime before noon')).toBeNull();
    expect(parseTime('it has been leaking for 3 days')).toBeNull();
  });
});

describe('extractPreferredTime', () => {
  const business = { timezone: 'America/Denver' };
  const call = { calledAt: '2026-06-20T22:45:00Z' }; // Saturday 16:45 in Denver
  it('skips past-tense mentions and keeps the latest day with its time', () => {
    const turns = [
      caller('We had that hail storm tonight.'),
      agent('When can we come?'),
      caller('Tomorrow first thing, like 8 in the morning.'),
    ];
    expect(extractPreferredTime(turns, business, call)).toEqual({
      preferredTime: '2026-06-21T08:00:00-06:00',
      preferredTimeDateOnly: false,
    });
  });
  it('merges a day with a time given in a later turn', () => {
    const turns = [caller('Could you do Monday?'), agent('What time?'), caller('Around 3.')];
    expect(extractPreferredTime(turns, business, call)).toEqual({
      preferredTime: '2026-06-22T15:00:00-06:00',
      preferredTimeDateOnly: false,
    });
  });
  it('marks a day with only a part of day or "any time" as date-only', () => {
    expect(extractPreferredTime([caller('Any time Tuesday.')], business, call)).toEqual({
      preferredTime: '2026-06-23T09:00:00-06:00',
      preferredTimeDateOnly: true,
    });
    expect(extractPreferredTime([caller('Wednesday afternoon.')], business, call)).toEqual({
      preferredTime: '2026-06-24T13:00:00-06:00',
      preferredTimeDateOnly: true,
    });
  });
  it('is null without a day, even with a time', () => {
    expect(extractPreferredTime([caller('Not sure yet, maybe around 3.')], business, call)).toEqual({
      preferredTime: null,
      preferredTimeDateOnly: false,
    });
  });
});
