/**
 * Free appointment slots: opening hours minus the calendar's busy times, cut into slots that start on the
 * business's local half hours. Pure; what the assistant offers callers through `check_availability`.
 */
import type { BusyInterval } from '../ports.ts';
import { offsetMinutes, toZonedIso } from '../time/zoned.ts';

export interface SlotQuery {
  /** Opening intervals [start, end) as epoch ms. */
  open: [number, number][];
  busy: BusyInterval[];
  from: number;
  to: number;
  /** Nothing before this instant (now): a slot in the past is no slot. */
  notBefore: number;
  timezone: string;
  slotMinutes: number;
  stepMinutes?: number;
  max?: number;
}

const MINUTE = 60_000;

/** The first instant ≥ t that falls on a local multiple of `step` minutes. */
function alignUp(t: number, step: number, tz: string): number {
  const local = t + offsetMinutes(new Date(t), tz) * MINUTE;
  const rem = ((local % (step * MINUTE)) + step * MINUTE) % (step * MINUTE);
  return rem === 0 ? t : t + step * MINUTE - rem;
}

export function freeSlots(q: SlotQuery): string[] {
  const step = q.stepMinutes ?? 30;
  const len = q.slotMinutes * MINUTE;
  const busy = q.busy.map((b) => [Date.parse(b.start), Date.parse(b.end)] as const).filter(([a, b]) => b > a);
  const out: string[] = [];
  for (const [openStart, openEnd] of q.open) {
    const end = Math.min(openEnd, q.to);
    for (
      let t = alignUp(Math.max(openStart, q.from, q.notBefore), step, q.timezone);
      t + len <= end;
      t += step * MINUTE
    ) {
      const clash = busy.find(([a, b]) => a < t + len && b > t);
      if (clash) {
        // Jump past the busy block instead of stepping through it.
        t = alignUp(clash[1], step, q.timezone) - step * MINUTE;
        continue;
      }
      out.push(toZonedIso(new Date(t).toISOString(), q.timezone)!);
      if (out.length >= (q.max ?? 8)) return out;
    }
  }
  return out;
}
