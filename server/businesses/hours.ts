import type { WeeklyHours } from './schema.ts';

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** Weekday and HH:MM of an instant on the business's wall clock. */
export function localClock(at: Date, timezone: string): { day: (typeof DAYS)[number]; hhmm: string } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: timezone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const day = get('weekday').toLowerCase().slice(0, 3) as (typeof DAYS)[number];
  return { day, hhmm: `${get('hour')}:${get('minute')}` };
}

/** Whether the business is open at `at` by its weekly hours, read on its own wall clock (DST included). */
export function isOpenAt(hours: WeeklyHours | null | undefined, timezone: string, at: Date = new Date()): boolean {
  const { day, hhmm } = localClock(at, timezone);
  return (hours?.[day] ?? []).some(([open, close]) => hhmm >= open && hhmm < close);
}
