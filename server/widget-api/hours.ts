/**
 * Open / closed from a business's weekly hours in its own timezone. Pure: `now` is a parameter.
 * Local times are turned into instants through the zone's offset at that moment, so days that are 23 or
 * 25 hours long (DST) and opening times that fall into a DST gap come out right.
 */
import type { WeeklyHours } from '../businesses/schema.ts';

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
type Day = (typeof DAYS)[number];
const MINUTE = 60_000;
const DAY_MS = 86_400_000;
/** How far ahead the next change is looked for; a week plus a day covers every weekly schedule. */
const HORIZON_DAYS = 8;

export interface OpenState {
  open: boolean;
  /** ISO instant when `open` flips; null when it never does (always open, or no hours at all). */
  nextChange: string | null;
}

interface LocalDate {
  y: number;
  m: number;
  d: number;
}

const partsCache = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = partsCache.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    partsCache.set(tz, f);
  }
  return f;
}

/** Wall-clock fields of an instant in a zone. */
function wallClock(t: number, tz: string) {
  const p: Record<string, number> = {};
  for (const { type, value } of formatter(tz).formatToParts(t)) if (type !== 'literal') p[type] = Number(value);
  return { y: p.year!, m: p.month!, d: p.day!, h: p.hour! % 24, min: p.minute!, s: p.second! };
}

/** Offset of the zone from UTC at instant t, in ms (positive east of Greenwich). */
function offsetAt(t: number, tz: string): number {
  const w = wallClock(t, tz);
  return Date.UTC(w.y, w.m - 1, w.d, w.h, w.min, w.s) - Math.floor(t / 1000) * 1000;
}

/**
 * The instant of a local wall-clock time. In a spring-forward gap the time does not exist; it is moved
 * forward by the gap (02:30 → 03:30), which is when a business "opening at 02:30" actually opens. In a
 * fall-back overlap the earlier instant is used.
 */
export function zonedTimeToInstant(date: LocalDate, minutes: number, tz: string): number {
  const naive = Date.UTC(date.y, date.m - 1, date.d) + minutes * MINUTE;
  const before = naive - offsetAt(naive - DAY_MS / 2, tz);
  const after = naive - offsetAt(naive + DAY_MS / 2, tz);
  const candidates = [before, after].filter((t) => t + offsetAt(t, tz) === naive).sort((a, b) => a - b);
  if (candidates.length) return candidates[0]!;
  // Gap: neither offset maps back. Using the offset before the gap lands the same distance past it.
  return before;
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

function addDays(date: LocalDate, n: number): LocalDate & { dow: number } {
  const t = new Date(Date.UTC(date.y, date.m - 1, date.d + n));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate(), dow: t.getUTCDay() };
}

/** Open intervals [start, end) as instants from yesterday to the horizon, merged where they touch. */
function openIntervals(hours: WeeklyHours, tz: string, now: number): [number, number][] {
  const w = wallClock(now, tz);
  const today = { y: w.y, m: w.m, d: w.d };
  const raw: [number, number][] = [];
  for (let k = -1; k <= HORIZON_DAYS; k++) {
    const date = addDays(today, k);
    for (const [open, close] of hours[DAYS[date.dow] as Day] ?? []) {
      raw.push([zonedTimeToInstant(date, toMinutes(open), tz), zonedTimeToInstant(date, toMinutes(close), tz)]);
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

export function openState(hours: WeeklyHours, tz: string, now: number): OpenState {
  const intervals = openIntervals(hours, tz, now);
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
  const time = (hhmm: string) => (hhmm === '24:00' ? timeFmt.format(Date.UTC(2024, 0, 2)) : timeFmt.format(Date.UTC(2024, 0, 1) + toMinutes(hhmm) * MINUTE));
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
