import { describe, expect, it } from 'vitest';
import { hoursText, isOpenAt, openState } from '../../server/businesses/hours.ts';
import { zonedInstant } from '../../server/time/zoned.ts';

const at = (iso: string) => Date.parse(iso);
const weekdays = {
  mon: [['08:00', '17:00']],
  tue: [['08:00', '17:00']],
  wed: [['08:00', '17:00']],
  thu: [['08:00', '17:00']],
  fri: [['08:00', '17:00']],
} as never;

describe('zonedInstant', () => {
  it('uses the offset in force on that day', () => {
    expect(zonedInstant({ year: 2026, month: 1, day: 15 }, 9 * 60, 'America/New_York').toISOString()).toBe(
      '2026-01-15T14:00:00.000Z',
    );
    expect(zonedInstant({ year: 2026, month: 7, day: 15 }, 9 * 60, 'America/New_York').toISOString()).toBe(
      '2026-07-15T13:00:00.000Z',
    );
    expect(zonedInstant({ year: 2026, month: 7, day: 15 }, 9 * 60, 'Asia/Kolkata').toISOString()).toBe(
      '2026-07-15T03:30:00.000Z',
    );
  });
  it('moves a time inside the spring-forward gap past the gap', () => {
    // 2026-03-08 02:30 does not exist in New York; 03:30 EDT is 07:30Z.
    expect(zonedInstant({ year: 2026, month: 3, day: 8 }, 150, 'America/New_York').toISOString()).toBe(
      '2026-03-08T07:30:00.000Z',
    );
  });
  it('takes the earlier instant of a fall-back overlap', () => {
    // 2026-11-01 01:30 happens twice in New York: EDT first (05:30Z), then EST (06:30Z).
    expect(zonedInstant({ year: 2026, month: 11, day: 1 }, 90, 'America/New_York').toISOString()).toBe(
      '2026-11-01T05:30:00.000Z',
    );
  });
  it('handles 24:00 as the next midnight', () => {
    expect(zonedInstant({ year: 2026, month: 3, day: 7 }, 24 * 60, 'America/New_York').toISOString()).toBe(
      '2026-03-08T05:00:00.000Z',
    );
  });
});

describe('openState', () => {
  it('is open during hours and says when it closes', () => {
    // Wednesday 2026-01-14 10:00 in New York = 15:00Z
    expect(openState(weekdays, 'America/New_York', at('2026-01-14T15:00:00Z'))).toEqual({
      open: true,
      nextChange: '2026-01-14T22:00:00.000Z',
    });
  });
  it('is closed on Friday evening and opens Monday morning', () => {
    expect(openState(weekdays, 'America/New_York', at('2026-01-16T23:30:00Z'))).toEqual({
      open: false,
      nextChange: '2026-01-19T13:00:00.000Z',
    });
  });
  it('closes exactly at closing time (the end is exclusive)', () => {
    expect(openState(weekdays, 'America/New_York', at('2026-01-14T22:00:00Z')).open).toBe(false);
    expect(openState(weekdays, 'America/New_York', at('2026-01-14T21:59:59Z')).open).toBe(true);
  });
  it('opens at local time across the spring-forward weekend', () => {
    // Saturday 2026-03-07 evening EST; Monday 08:00 is EDT (12:00Z), not 13:00Z.
    expect(openState(weekdays, 'America/New_York', at('2026-03-07T23:00:00Z'))).toEqual({
      open: false,
      nextChange: '2026-03-09T12:00:00.000Z',
    });
  });
  it('closes at local time on the fall-back day (a 25-hour day)', () => {
    const sunday = { sun: [['00:00', '23:00']] } as never;
    // 2026-11-01 in New York: 23:00 EST = 04:00Z next day
    expect(openState(sunday, 'America/New_York', at('2026-11-01T12:00:00Z'))).toEqual({
      open: true,
      nextChange: '2026-11-02T04:00:00.000Z',
    });
  });
  it('an opening time inside the DST gap opens when the clock jumps', () => {
    const sunday = { sun: [['02:30', '05:00']] } as never;
    const s = openState(sunday, 'America/New_York', at('2026-03-08T06:00:00Z')); // 01:00 EST
    expect(s).toEqual({ open: false, nextChange: '2026-03-08T07:30:00.000Z' });
    expect(openState(sunday, 'America/New_York', at('2026-03-08T07:31:00Z')).open).toBe(true);
  });
  it('merges touching intervals across midnight and reports 24/7 as never changing', () => {
    const allDay = [['00:00', '24:00']];
    const always = {
      mon: allDay,
      tue: allDay,
      wed: allDay,
      thu: allDay,
      fri: allDay,
      sat: allDay,
      sun: allDay,
    } as never;
    expect(openState(always, 'Europe/Berlin', at('2026-03-29T01:30:00Z'))).toEqual({ open: true, nextChange: null });
    const monTue = { mon: [['20:00', '24:00']], tue: [['00:00', '02:00']] } as never;
    // Monday 23:00 in Berlin (CET, +1) = 22:00Z; closes Tuesday 02:00 = 01:00Z, not at midnight.
    expect(openState(monTue, 'Europe/Berlin', at('2026-01-12T22:00:00Z'))).toEqual({
      open: true,
      nextChange: '2026-01-13T01:00:00.000Z',
    });
  });
  it('is closed with no change when there are no hours', () => {
    expect(openState({}, 'America/Chicago', Date.now())).toEqual({ open: false, nextChange: null });
  });
  it('uses the business timezone, not the server one', () => {
    // 10:00 in Tokyo on Wednesday = 01:00Z; New York is still Tuesday evening.
    expect(openState(weekdays, 'Asia/Tokyo', at('2026-01-14T01:00:00Z')).open).toBe(true);
    expect(openState(weekdays, 'America/New_York', at('2026-01-14T01:00:00Z')).open).toBe(false);
  });
});

describe('hoursText', () => {
  it('groups days with the same hours and leaves closed days out', () => {
    const h = { ...(weekdays as object), sat: [['09:00', '13:00']] } as never;
    expect(hoursText(h, 'en')).toBe('Mon–Fri 8:00 AM–5:00 PM · Sat 9:00 AM–1:00 PM');
  });
  it('speaks the business language', () => {
    // ICU versions differ on the abbreviation dot and the leading zero; the 24-hour clock and German days do not.
    expect(hoursText(weekdays, 'de')).toMatch(/^Mo\.?–Fr\.? 0?8:00–17:00$/);
  });
  it('is empty without hours', () => {
    expect(hoursText({}, 'en')).toBe('');
  });
});

describe('isOpenAt (the call path)', () => {
  it('agrees with openState every 15 minutes across both 2026 DST changes, in three zones', () => {
    const schedules = [
      weekdays,
      { sun: [['02:30', '05:00']], sat: [['22:00', '24:00']] },
      {
        mon: [['20:00', '24:00']],
        tue: [['00:00', '02:00']],
        fri: [
          ['07:30', '12:00'],
          ['13:00', '18:30'],
        ],
      },
    ] as never[];
    let compared = 0;
    for (const tz of ['America/New_York', 'Europe/Berlin', 'Asia/Kolkata']) {
      for (const start of ['2026-03-05T00:00:00Z', '2026-10-28T00:00:00Z']) {
        for (let t = at(start); t < at(start) + 10 * 86_400_000; t += 15 * 60_000) {
          for (const hours of schedules) {
            expect(isOpenAt(hours, tz, new Date(t)), `${tz} ${new Date(t).toISOString()}`).toBe(
              openState(hours, tz, t).open,
            );
            compared++;
          }
        }
      }
    }
    expect(compared).toBe(3 * 2 * 960 * 3);
  });

  it('is closed with no hours at all', () => {
    expect(isOpenAt(null, 'America/New_York', new Date('2026-01-14T15:00:00Z'))).toBe(false);
  });
});
