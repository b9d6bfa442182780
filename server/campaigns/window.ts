/**
 * Calling windows in the recipient's local time. Pure: the dialler asks which of a campaign's zones are
 * open at an instant, and the database filters targets by those zones (a handful of zones, not a zone
 * conversion per row). Zone arithmetic (DST included) is server/time's.
 */
import { localDateTime } from '../time/zoned.ts';

/** The law's outer bounds, recipient-local: never before 08:00 or after 21:00. */
export const EARLIEST_MINUTE = 8 * 60;
export const LATEST_MINUTE = 21 * 60;

export interface CallingWindow {
  windowStartMinute: number;
  windowEndMinute: number;
  /** ISO weekdays, 1 = Monday … 7 = Sunday */
  days: readonly number[];
}

/** A business may narrow the window, never widen it past 08:00–21:00. */
export function clampWindow(start: number, end: number): { start: number; end: number } {
  return { start: Math.max(EARLIEST_MINUTE, start), end: Math.min(LATEST_MINUTE, end) };
}

/** Whether a call may start now in `timeZone` (clamped again here: a row written before a rule changed obeys it). */
export function windowOpen(at: Date, timeZone: string, w: CallingWindow): boolean {
  const t = localDateTime(at, timeZone);
  const isoDay = t.weekday === 0 ? 7 : t.weekday;
  if (!w.days.includes(isoDay)) return false;
  const { start, end } = clampWindow(w.windowStartMinute, w.windowEndMinute);
  const minute = t.hour * 60 + t.minute;
  return minute >= start && minute < end;
}

/** The zones among `zones` where the window is open at `at`. */
export const openZones = (at: Date, zones: readonly string[], w: CallingWindow): string[] =>
  zones.filter((z) => windowOpen(at, z, w));
