/**
 * Open / closed from a business's weekly hours, read on its own wall clock. Pure: `now` is a parameter.
 * Local opening times become instants through the zone's offset on that day (server/time/zoned.ts), so
 * 23- and 25-hour DST days and opening times inside a DST gap come out right. Closed dates (holidays,
 * closures) are local days with no opening hours at all.
 */
import { addDays, localDateTime, zonedInstant } from '../time/zoned.ts';
import type { WeeklyHours } from './schema.ts';

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
type Day = (typeof DAYS)[number];
const DAY_MS = 86_400_000;
/** How far ahead the next change is looked for; a week plus a day covers every weekly schedule. */
const HORIZON_DAYS = 8;

export interface OpenState {
  open: boolean;
  /** ISO instant when `open` flips; null when it never does (always open, or no hours at all). */
  nextChange: string | null;
}

/** Local dates ("YYYY-MM-DD") the business is closed → the closure's name, from the stored list. */
export function closedDatesOf(stored: unknown): Map<string, string | null> {
  const out = new Map<string, string | null>();
  if (!Array.isArray(stored)) return out;
  for (const d of stored as { date?: unknown; name?: unknown }[]) {
    if (d && typeof d.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d.date))
      out.set(d.date, typeof d.name === 'string' && d.name.trim() ? d.name.trim() : null);
  }
  return out;
}

const pad = (n: number) => String(n).padStart(2, '0');
const isoDay = (d: { year: number; month: number; day: number }) => `${d.year}-${pad(d.month)}-${pad(d.day)}`;

/** The closure covering `at`'s local day, if any: `{ name }` (null when the owner gave none). */
export function closureOn(
  closed: ReadonlyMap<string, string | null>,
  timezone: string,
  at: Date = new Date(),
): { name: string | null } | null {
  const key = isoDay(localDateTime(at, timezone));
  return closed.has(key) ? { name: closed.get(key) ?? null } : null;
}

const NONE: ReadonlyMap<string, unknown> = new Map();

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether the business is open at `at` (yesterday's and today's hours are enough to know). */
export function isOpenAt(
  hours: WeeklyHours | null | undefined,
  timezone: string,
  at: Date = new Date(),
  closed: ReadonlyMap<string, unknown> = NONE,
): boolean {
  const now = at.getTime();
  return !!hours && openIntervals(hours, timezone, now, 0, closed).some(([a, b]) => a <= now && now < b);
}

/** Open intervals [start, end) as instants from yesterday to `lastDay` days ahead, merged where they touch. */
function openIntervals(
  hours: WeeklyHours,
  tz: string,
  now: number,
  lastDay = HORIZON_DAYS,
  closed: ReadonlyMap<string, unknown> = NONE,
): [number, number][] {
  const today = localDateTime(new Date(now), tz);
  const raw: [number, number][] = [];
  for (let k = -1; k <= lastDay; k++) {
    const date = addDays(today, k);
    // A closed day opens at no time, including its overnight tail into the next morning.
    if (closed.has(isoDay(date))) continue;
    for (const [open, close] of hours[DAYS[date.weekday] as Day] ?? []) {
      raw.push([zonedInstant(date, toMinutes(open), tz).getTime(), zonedInstant(date, toMinutes(close), tz).getTime()]);
    }
  }
  raw.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const iv of raw) {
    const last = merged[merged.length - 1];
    if (last && iv[0] <= last[1]) last[1] = Math.max(last[1], iv[1]);
    else if (iv[1] > iv[0]) merged.push([iv[0], iv[1]]);
  }
  return merged;
}

/** Open intervals [start, end) overlapping [fromMs, toMs), as instants (from the day before `fromMs`). */
export function openIntervalsBetween(
  hours: WeeklyHours,
  tz: string,
  fromMs: number,
  toMs: number,
  closed: ReadonlyMap<string, unknown> = NONE,
): [number, number][] {
  const days = Math.min(60, Math.ceil((toMs - fromMs) / DAY_MS) + 1);
  return openIntervals(hours, tz, fromMs, days, closed).filter(([a, b]) => b > fromMs && a < toMs);
}

export function openState(
  hours: WeeklyHours,
  tz: string,
  now: number,
  closed: ReadonlyMap<string, unknown> = NONE,
): OpenState {
  const intervals = openIntervals(hours, tz, now, HORIZON_DAYS, closed);
  const current = intervals.find(([a, b]) => a <= now && now < b);
  if (current) {
    // Still open at the end of the horizon means open around the clock: nothing to announce.
    const horizonEnd = now + (HORIZON_DAYS - 1) * DAY_MS;
    return { open: true, nextChange: current[1] >= horizonEnd ? null : new Date(current[1]).toISOString() };
  }
  const next = intervals.find(([a]) => a > now);
  return { open: false, nextChange: next ? new Date(next[0]).toISOString() : null };
}

/**
 * "Mon–Fri 8:00 AM–5:00 PM · Sat 9:00 AM–1:00 PM" in the business's language; days with the same hours
 * are grouped, closed days left out. Weekday and time names come from Intl, so `lang` translates them.
 */
export function hoursText(hours: WeeklyHours, lang = 'en'): string {
  let dayFmt: Intl.DateTimeFormat;
  let timeFmt: Intl.DateTimeFormat;
  try {
    dayFmt = new Intl.DateTimeFormat(lang, { weekday: 'short', timeZone: 'UTC' });
    timeFmt = new Intl.DateTimeFormat(lang, { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' });
  } catch {
    return hoursText(hours, 'en');
  }
  // 2024-01-01 was a Monday: weekday names Monday first, the order people read opening hours in.
  const week = [1, 2, 3, 4, 5, 6, 0];
  const dayName = (dow: number) => dayFmt.format(Date.UTC(2024, 0, dow === 0 ? 7 : dow));
  const time = (hhmm: string) =>
    hhmm === '24:00'
      ? timeFmt.format(Date.UTC(2024, 0, 2))
      : timeFmt.format(Date.UTC(2024, 0, 1) + toMinutes(hhmm) * 60_000);
  const spec = (dow: number) => (hours[DAYS[dow] as Day] ?? []).map(([a, b]) => `${time(a)}–${time(b)}`).join(', ');
  const groups: { from: number; to: number; text: string }[] = [];
  for (const dow of week) {
    const text = spec(dow);
    const last = groups[groups.length - 1];
    if (last && last.text === text) last.to = dow;
    else groups.push({ from: dow, to: dow, text });
  }
  return groups
    .filter((g) => g.text)
    .map((g) => `${g.from === g.to ? dayName(g.from) : `${dayName(g.from)}–${dayName(g.to)}`} ${g.text}`)
    .join(' · ');
}
