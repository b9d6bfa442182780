/**
 * Wall-clock dates in a business's IANA time zone: what day "tomorrow" is for the business, which UTC
 * offset a local time there carries, and the instant of a local time (DST included). The one place
 * Leadline turns instants into local times and back (lead extraction, opening hours, slots).
 *
 * Temporal does the zone arithmetic: an instant keeps its own offset (the repeated fall-back hour is two
 * different instants), and parsing is strict ISO 8601, never `Date`'s guesswork ("March 3" is not a date).
 */
import { Temporal } from 'temporal-polyfill';

export interface LocalDate {
  year: number;
  month: number; // 1–12
  day: number;
}
export interface LocalDateTime extends LocalDate {
  hour: number;
  minute: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
}

function isValidTimeZone(timeZone: string): boolean {
  try {
    new Temporal.ZonedDateTime(0n, timeZone);
    return true;
  } catch {
    return false;
  }
}

const zoned = (at: Date, timeZone: string) =>
  Temporal.Instant.fromEpochMilliseconds(at.getTime()).toZonedDateTimeISO(timeZone);

/** The wall clock in `timeZone` at instant `at`. */
export function localDateTime(at: Date, timeZone: string): LocalDateTime {
  const z = zoned(at, timeZone);
  return { year: z.year, month: z.month, day: z.day, hour: z.hour, minute: z.minute, weekday: z.dayOfWeek % 7 };
}

/** Offset of `timeZone` from UTC at instant `at`, in minutes (east positive). */
export function offsetMinutes(at: Date, timeZone: string): number {
  return Math.round(zoned(at, timeZone).offsetNanoseconds / 60e9);
}

export function addDays(d: LocalDate, days: number): LocalDate & { weekday: number } {
  const t = Temporal.PlainDate.from(d).add({ days });
  return { year: t.year, month: t.month, day: t.day, weekday: t.dayOfWeek % 7 };
}

function pad(n: number, width = 2): string {
  return String(Math.abs(n)).padStart(width, '0');
}

export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  return `${sign}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
}

/** `2026-03-10T14:00:00-05:00`: seconds always, no zone annotation (what leads and CRMs store). */
const iso = (z: Temporal.ZonedDateTime) => z.toString({ timeZoneName: 'never', smallestUnit: 'second' });

/**
 * The wall-clock time `minutes` after local midnight of `date` (up to 24:00) in `timeZone`. Inside a
 * spring-forward gap the time does not exist and moves forward by the gap (02:30 → 03:30), which is when
 * a business "opening at 02:30" opens; in a fall-back overlap the earlier instant is used. Both are
 * Temporal's 'compatible' disambiguation (the same rule as RFC 5545 and `Date`).
 */
function wallClock(date: LocalDate, minutes: number, timeZone: string): Temporal.ZonedDateTime {
  return Temporal.PlainDate.from(date, { overflow: 'reject' })
    .toPlainDateTime()
    .add({ minutes })
    .toZonedDateTime(timeZone, { disambiguation: 'compatible' });
}

/**
 * ISO 8601 for a wall-clock time in `timeZone`, with that zone's offset at that moment,
 * e.g. 2026-03-10T14:00:00-05:00. Times skipped by a DST jump move forward, as clocks do.
 */
export function zonedIso(date: LocalDate, hour: number, minute: number, timeZone: string): string {
  return iso(wallClock(date, hour * 60 + minute, timeZone));
}

/** The instant of a local wall-clock time; see `wallClock` for the DST gap and overlap. */
export function zonedInstant(date: LocalDate, minutes: number, timeZone: string): Date {
  return new Date(wallClock(date, minutes, timeZone).epochMilliseconds);
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;
/** An ISO 8601 instant: date, time, and a `Z` or numeric offset (an optional `[zone]` annotation is ignored). */
const INSTANT = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)(?:\[[^\]]+\])?$/i;

/**
 * Re-expresses an ISO 8601 instant (with `Z` or an offset) in `timeZone` with its offset there, keeping the
 * instant: 2026-11-01T06:30Z in America/New_York is 01:30-05:00, the second 01:30 of that night. A
 * zone-less local date-time is read as wall-clock time in `timeZone`; a bare date as 09:00 there.
 * Anything else (prose, "March 3", an impossible date) is null: no guessing.
 */
export function toZonedIso(value: string, timeZone: string): string | null {
  const text = value.trim();
  try {
    const local = LOCAL.exec(text);
    if (local) {
      const [, y, mo, d, h, mi, s] = local;
      const time = { hour: h ? +h : 9, minute: mi ? +mi : 0, second: s ? +s : 0 };
      // 'reject' refuses 2026-02-30 or 25:00 instead of rolling them over into another day.
      const wall = Temporal.PlainDateTime.from({ year: +y!, month: +mo!, day: +d!, ...time }, { overflow: 'reject' });
      return iso(
        wall.toZonedDateTime(timeZone, { disambiguation: 'compatible' }).with({ second: 0 }, { offset: 'prefer' }),
      );
    }
    if (!INSTANT.test(text)) return null;
    return iso(Temporal.Instant.from(text).toZonedDateTimeISO(timeZone).with({ second: 0 }, { offset: 'prefer' }));
  } catch (err) {
    if (err instanceof RangeError && !isValidTimeZone(timeZone)) throw err;
    return null;
  }
}
