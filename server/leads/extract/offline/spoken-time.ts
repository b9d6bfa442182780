/** The clock time and part of the day a caller names: "2:30 pm", "eleven in the morning", "noon", "after lunch". */
import { parseSmallNumber } from './numbers.ts';
import { NUM } from './spoken-date.ts';

const MINUTES = String.raw`(?::(\d{2})|\s+(fifteen|thirty|forty[- ]five|oh[- ]five|o'?clock))?`;
const PART_OF_DAY = /\b(morning|afternoon|evening|tonight|night|lunchtime|lunch|first thing|end of (?:the )?day)\b/i;

export type Part = 'morning' | 'afternoon' | 'evening';

// Patterns built once: extraction runs per call and must stay well under 5 ms.
const EXPLICIT_TIME_RE = new RegExp(
  String.raw`\b(${NUM})${MINUTES}\s*(am|pm|in the morning|in the afternoon|in the evening|at night|tonight)\b`,
);
const CUED_TIME_RE = new RegExp(
  String.raw`\b(?:at|around|like|about|by|after|say|for|from|maybe|say|ish)\s+(?:about\s+|around\s+)?(${NUM})${MINUTES}(?![\s-]*(?:days?|weeks?|months?|years?|hours?|minutes?|dollars?|bucks|people|of|bedrooms?))\b`,
);
const OCLOCK_RE = new RegExp(String.raw`\b(${NUM})\s+o'?clock\b`);
const HALF_PAST_RE = new RegExp(String.raw`\b(half|quarter)\s+(past|after|to)\s+(${NUM})\b`);

/** A clock time in the clause: "2:30 pm", "eleven in the morning", "like 2 or 3", "noon". */
export function parseTime(text: string): { hour: number; minute: number } | null {
  const t = text
    .toLowerCase()
    .replace(/\b(a\.m\.|a\.m|am)\b/g, 'am')
    .replace(/\b(p\.m\.|p\.m|pm)\b/g, 'pm');
  if (/\b(before|by)\s+(noon|midday|lunch)/.test(t)) {
    // "anytime before noon" is a window, not an appointment at noon.
  } else if (/\b(noon|midday)\b/.test(t)) return { hour: 12, minute: 0 };
  const explicit = EXPLICIT_TIME_RE.exec(t);
  const cued = CUED_TIME_RE.exec(t);
  const oclock = OCLOCK_RE.exec(t) ?? /\b(\d{1,2}):(\d{2})\b/.exec(t);
  const halfPast = HALF_PAST_RE.exec(t);
  let hour: number | null = null;
  let minute = 0;
  let suffix = '';
  if (halfPast) {
    hour = parseSmallNumber(halfPast[3]!);
    minute = halfPast[1] === 'half' ? 30 : halfPast[2] === 'to' ? 45 : 15;
    if (halfPast[2] === 'to' && hour !== null) hour -= 1;
  } else {
    // A bare "11:40" is a clock time too (the minutes say so).
    const m = explicit ?? cued ?? oclock;
    if (!m) return null;
    if (/\bbefore\s*$/.test(t.slice(0, m.index + m[0].indexOf(m[1]!)))) return null;
    hour = parseSmallNumber(m[1]!);
    minute = m[2]
      ? Number(m[2])
      : m[3]
        ? (parseSmallNumber(m[3].replace(/o'?clock|oh[- ]/, '').trim() || '0') ?? 0)
        : 0;
    suffix = m === explicit ? (m[4] ?? '') : '';
  }
  if (hour === null || hour > 23 || minute > 59) return null;
  const part = PART_OF_DAY.exec(t)?.[1] ?? '';
  const pm =
    /pm|afternoon|evening|night/.test(suffix) || (!suffix && /afternoon|evening|night|tonight|end of/.test(part));
  const am = /am|morning/.test(suffix) || (!suffix && /morning|first thing/.test(part));
  if (pm && hour < 12) hour += 12;
  else if (am && hour === 12) hour = 0;
  else if (!am && !pm && hour >= 1 && hour <= 6) hour += 12; // "come at 3": business hours, so 3 pm
  return { hour, minute };
}

/** The part of the day a text names ("first thing" is morning, "lunch" afternoon), or null. */
export function partOf(text: string): Part | null {
  const m = PART_OF_DAY.exec(text.toLowerCase());
  if (!m) return null;
  if (/morning|first thing/.test(m[1]!)) return 'morning';
  if (/afternoon|lunch/.test(m[1]!)) return 'afternoon';
  return 'evening';
}
