/**
 * Wall-clock dates in a business's IANA time zone with Intl alone: what day "tomorrow" is for the
 * business, and which UTC offset a local time there carries (DST included).
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

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
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
  const wall = Date.UTC(date.year, date.month - 1, date.day, hour, minute);
  const o1 = offsetMinutes(new Date(wall), timeZone);
  const o2 = offsetMinutes(new Date(wall - o1 * 60000), timeZone);
  // A candidate offset is right when the instant it gives really has that offset there.
  const fits = [o1, o2].filter((o) => offsetMinutes(new Date(wall - o * 60000), timeZone) === o);
  // None fits inside a spring-forward gap: take the offset from before the jump (the smaller one), so
  // the wall time lands after the jump, as clocks do.
  const offset = fits.length > 0 ? Math.max(...fits) : Math.min(o1, o2);
  const instant = new Date(wall - offset * 60000);
  const l = localDateTime(instant, timeZone);
  const real = offsetMinutes(instant, timeZone);
  return `${l.year}-${pad(l.month)}-${pad(l.day)}T${pad(l.hour)}:${pad(l.minute)}:00${formatOffset(real)}`;
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
