/**
 * Both DST edges in zones that shift differently: the northern hemisphere (New York, London), the southern
 * (Sydney: clocks go back in April), a half-hour zone (Adelaide, +09:30/+10:30) and a zone whose DST shift
 * is itself half an hour (Lord Howe). Every expected value was worked out by hand from the zone's rules,
 * not produced by the code under test.
 */
import { describe, expect, it } from 'vitest';
import { localDateTime, offsetMinutes, toZonedIso, zonedInstant, zonedIso } from '../../server/time/zoned.ts';

interface Edge {
  zone: string;
  /** A wall-clock time that happens twice when clocks go back, and the two instants it names. */
  repeated: {
    date: [number, number, number];
    time: [number, number];
    first: string;
    second: string;
    local: string;
    offsets: [string, string];
  };
  /** A wall-clock time skipped when clocks go forward, and where it lands. */
  skipped: { date: [number, number, number]; time: [number, number]; becomes: string; instant: string };
}

const edges: Edge[] = [
  {
    zone: 'America/New_York', // back 2026-11-01 02:00 EDT → 01:00 EST; forward 2026-03-08 02:00 EST → 03:00 EDT
    repeated: {
      date: [2026, 11, 1],
      time: [1, 30],
      first: '2026-11-01T05:30:00Z',
      second: '2026-11-01T06:30:00Z',
      local: '2026-11-01T01:30:00',
      offsets: ['-04:00', '-05:00'],
    },
    skipped: {
      date: [2026, 3, 8],
      time: [2, 30],
      becomes: '2026-03-08T03:30:00-04:00',
      instant: '2026-03-08T07:30:00.000Z',
    },
  },
  {
    zone: 'Europe/London', // back 2026-10-25 02:00 BST → 01:00 GMT; forward 2026-03-29 01:00 GMT → 02:00 BST
    repeated: {
      date: [2026, 10, 25],
      time: [1, 30],
      first: '2026-10-25T00:30:00Z',
      second: '2026-10-25T01:30:00Z',
      local: '2026-10-25T01:30:00',
      offsets: ['+01:00', '+00:00'],
    },
    skipped: {
      date: [2026, 3, 29],
      time: [1, 30],
      becomes: '2026-03-29T02:30:00+01:00',
      instant: '2026-03-29T01:30:00.000Z',
    },
  },
  {
    zone: 'Australia/Sydney', // back 2026-04-05 03:00 AEDT → 02:00 AEST; forward 2026-10-04 02:00 AEST → 03:00 AEDT
    repeated: {
      date: [2026, 4, 5],
      time: [2, 30],
      first: '2026-04-04T15:30:00Z',
      second: '2026-04-04T16:30:00Z',
      local: '2026-04-05T02:30:00',
      offsets: ['+11:00', '+10:00'],
    },
    skipped: {
      date: [2026, 10, 4],
      time: [2, 30],
      becomes: '2026-10-04T03:30:00+11:00',
      instant: '2026-10-03T16:30:00.000Z',
    },
  },
  {
    zone: 'Australia/Adelaide', // half-hour zone: back 03:00 ACDT (+10:30) → 02:00 ACST (+09:30), forward 02:00 → 03:00
    repeated: {
      date: [2026, 4, 5],
      time: [2, 30],
      first: '2026-04-04T16:00:00Z',
      second: '2026-04-04T17:00:00Z',
      local: '2026-04-05T02:30:00',
      offsets: ['+10:30', '+09:30'],
    },
    skipped: {
      date: [2026, 10, 4],
      time: [2, 30],
      becomes: '2026-10-04T03:30:00+10:30',
      instant: '2026-10-03T17:00:00.000Z',
    },
  },
  {
    zone: 'Australia/Lord_Howe', // a 30-minute shift: back 02:00 (+11:00) → 01:30 (+10:30), forward 02:00 → 02:30
    repeated: {
      date: [2026, 4, 5],
      time: [1, 45],
      first: '2026-04-04T14:45:00Z',
      second: '2026-04-04T15:15:00Z',
      local: '2026-04-05T01:45:00',
      offsets: ['+11:00', '+10:30'],
    },
    skipped: {
      date: [2026, 10, 4],
      time: [2, 15],
      becomes: '2026-10-04T02:45:00+11:00',
      instant: '2026-10-03T15:45:00.000Z',
    },
  },
];

const localDate = ([year, month, day]: [number, number, number]) => ({ year, month, day });
const minutesFromOffset = (o: string) => (o[0] === '-' ? -1 : 1) * (Number(o.slice(1, 3)) * 60 + Number(o.slice(4, 6)));

describe.each(edges)('$zone', ({ zone, repeated, skipped }) => {
  it('keeps each instant of the repeated hour on its own offset', () => {
    const [o1, o2] = repeated.offsets;
    expect(toZonedIso(repeated.first, zone)).toBe(`${repeated.local}${o1}`);
    expect(toZonedIso(repeated.second, zone)).toBe(`${repeated.local}${o2}`);
    // The text names the same instant it came from.
    expect(Date.parse(toZonedIso(repeated.second, zone)!)).toBe(Date.parse(repeated.second));
    expect(offsetMinutes(new Date(repeated.first), zone)).toBe(minutesFromOffset(o1));
    expect(offsetMinutes(new Date(repeated.second), zone)).toBe(minutesFromOffset(o2));
    const [h, m] = repeated.time;
    expect(localDateTime(new Date(repeated.second), zone)).toMatchObject({
      ...localDate(repeated.date),
      hour: h,
      minute: m,
    });
  });

  it('reads the repeated wall-clock time as its earlier instant', () => {
    const [h, m] = repeated.time;
    expect(zonedIso(localDate(repeated.date), h, m, zone)).toBe(`${repeated.local}${repeated.offsets[0]}`);
    expect(zonedInstant(localDate(repeated.date), h * 60 + m, zone).toISOString()).toBe(
      new Date(repeated.first).toISOString(),
    );
    expect(toZonedIso(repeated.local.slice(0, 16), zone)).toBe(`${repeated.local}${repeated.offsets[0]}`);
  });

  it('moves a skipped wall-clock time forward by the gap', () => {
    const [h, m] = skipped.time;
    expect(zonedIso(localDate(skipped.date), h, m, zone)).toBe(skipped.becomes);
    expect(zonedInstant(localDate(skipped.date), h * 60 + m, zone).toISOString()).toBe(skipped.instant);
    const [y, mo, d] = skipped.date;
    const text = `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
    expect(toZonedIso(text, zone)).toBe(skipped.becomes);
  });
});

describe('toZonedIso parsing', () => {
  it('accepts ISO 8601 instants with Z or an offset, and zone-less local times', () => {
    expect(toZonedIso('2026-07-09T21:00:00Z', 'America/Los_Angeles')).toBe('2026-07-09T14:00:00-07:00');
    expect(toZonedIso('2026-07-09T17:00:00-04:00', 'America/Los_Angeles')).toBe('2026-07-09T14:00:00-07:00');
    expect(toZonedIso('2026-07-09T21:00Z', 'Asia/Kolkata')).toBe('2026-07-10T02:30:00+05:30');
    expect(toZonedIso('2026-07-09T14:00', 'America/Los_Angeles')).toBe('2026-07-09T14:00:00-07:00');
    expect(toZonedIso('2026-07-09', 'America/Los_Angeles')).toBe('2026-07-09T09:00:00-07:00');
  });

  it('gives null for anything that is not ISO 8601 instead of guessing a date', () => {
    for (const text of [
      'March 3',
      'not a date',
      'next Tuesday',
      'tomorrow at 3',
      '3/4/2026',
      'Tue, 10 Mar 2026 14:00:00 GMT',
      '2026-02-30',
      '2026-13-01T10:00',
      '2026-07-09T25:00',
      '2026-07-09T14:00+25:00',
      '',
    ]) {
      expect({ text, out: toZonedIso(text, 'America/New_York') }).toEqual({ text, out: null });
    }
  });

  it('still refuses an unknown time zone loudly (a configuration error, not bad input)', () => {
    expect(() => toZonedIso('2026-07-09T21:00:00Z', 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});
