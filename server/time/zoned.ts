/**
 * Wall-clock dates in a business's IANA time zone with Intl alone: what day "tomorrow" is for the
 * business, which UTC offset a local time there carries, and the instant of a local time (DST included).
 * The one place Leadline turns instants into local times and back (lead extraction, opening hours).
 */

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

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall clock in `timeZone` at instant `at`. */
export function localDateTime(at: Date, timeZone: string): LocalDateTime {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(at)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const year = parts.year!;
  const month = parts.month!;
  const day = parts.day!;
  return { year, month, day, hour: parts.hour!, minute: parts.minute!, weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay() };
}

/** Offset of `timeZone` from UTC at instant `at`, in minutes (east positive). */
export function offsetMinutes(at: Date, timeZone: string): number {
  const l = localDateTime(at, timeZone);
  const asUtc = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, at.getUTCSeconds());
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60000);
}

export function addDays(d: LocalDate, days: number): LocalDate & { weekday: number } {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + days));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate(), weekday: t.getUTCDay() };
}

function pad(n: number, width = 2): string {
  return String(Math.abs(n)).padStart(width, '0');
}

export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  return `${sign}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
}

/**
 * ISO 8601 for a wall-clock time in `timeZone`, with that zone's offset at that moment,
 * e.g. 2026-03-10T14:00:00-05:00. Times skipped by a DST jump move forward, as clocks do.
 */
export function zonedIso(date: LocalDate, hour: number, minute: number, timeZone: string): string {
  const instant = zonedInstant(date, hour * 60 + minute, timeZone);
  const l = localDateTime(instant, timeZone);
  return `${l.year}-${pad(l.month)}-${pad(l.day)}T${pad(l.hour)}:${pad(l.minute)}:00${formatOffset(offsetMinutes(instant, timeZone))}`;
}

/**
 * The instant of a local wall-clock time (`minutes` after local midnight of `date`, up to 24:00). Inside
 * a spring-forward gap the time does not exist and moves forward by the gap (02:30 → 03:30), which is
 * when a business "opening at 02:30" opens; in a fall-back overlap the earlier instant is used.
 */
export function zonedInstant(date: LocalDate, minutes: number, timeZone: string): Date {
  const wall = Date.UTC(date.year, date.month - 1, date.day) + minutes * 60000;
  const o1 = offsetMinutes(new Date(wall - 12 * 3600_000), timeZone);
  const o2 = offsetMinutes(new Date(wall + 12 * 3600_000), timeZone);
  const fits = [o1, o2].filter((o) => offsetMinutes(new Date(wall - o * 60000), timeZone) === o);
  // Earlier instant = larger offset; in a gap none fits and the offset before the jump (smaller) applies.
  const offset = fits.length > 0 ? Math.max(...fits) : Math.min(o1, o2);
  return new Date(wall - offset * 60000);
}

/** Re-expresses any ISO 8601 instant (or a zone-less local time) in `timeZone` with its offset. */
export function toZonedIso(value: string, timeZone: string): string | null {
  const local = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?)?$/.exec(value.trim());
  if (local) {
    const [, y, mo, d, h, mi] = local;
    return zonedIso({ year: +y!, month: +mo!, day: +d! }, h ? +h : 9, mi ? +mi : 0, timeZone);
  }
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) return null;
  const l = localDateTime(at, timeZone);
  return zonedIso(l, l.hour, l.minute, timeZone);
}
