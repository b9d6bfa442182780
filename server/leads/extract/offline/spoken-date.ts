/** The day a caller names, in their own words: "tomorrow", "next Tuesday", "the 22nd", "March 3rd", "5/9". */
import { addDays } from './calendar.ts';
import { parseSmallNumber } from './numbers.ts';
import { SPELLED_DAY_RE, spelledDay } from './spoken-days.ts';
import type { LocalDate } from '../../../time/zoned.ts';

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
/** A small number in digits or words, as the spoken-time patterns use it too. */
export const NUM = String.raw`(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)`;

// Patterns built once: extraction runs per call and must stay well under 5 ms.
const MONTH_RE = MONTHS.join('|');
const WEEKDAY_RE = new RegExp(String.raw`\b(?:(this|next|coming|on)\s+)?(${WEEKDAYS.join('|')})(?!s\b)\b`);
const IN_DAYS_RE = new RegExp(String.raw`\bin\s+(${NUM}|a)\s+(day|week)s?\b`);
const MONTH_DAY_RE = new RegExp(String.raw`\b(${MONTH_RE})[a-z]*\.?\s+(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?\b`);
const DAY_MONTH_RE = new RegExp(String.raw`\b(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(${MONTH_RE})[a-z]*\b`);

/** 0–6 for the next such weekday on or after `from` (+7 when `strictlyAfter` and it is today). */
function nextWeekday(
  from: LocalDate & { weekday: number },
  target: number,
  strictlyAfter: boolean,
): LocalDate & { weekday: number } {
  let delta = (target - from.weekday + 7) % 7;
  if (delta === 0 && strictlyAfter) delta = 7;
  return addDays(from, delta);
}

/** Monday-based week index, so "next Tuesday" can mean next week's Tuesday. */
function weekStart(d: LocalDate & { weekday: number }): number {
  const monday = addDays(d, -((d.weekday + 6) % 7));
  return Date.UTC(monday.year, monday.month - 1, monday.day);
}

/** The day a clause names, resolved against `today` (the business's local date when the call came in). */
export function parseDate(
  text: string,
  today: LocalDate & { weekday: number },
  dayFirst: boolean,
  nextWeek = false,
): LocalDate | null {
  const t = text.toLowerCase();
  if (/\bday after tomorrow\b/.test(t)) return addDays(today, 2);
  if (/\b(tomorrow|tmrw|tomorow)\b/.test(t)) return addDays(today, 1);
  if (/\b(today|tonight|this (?:morning|afternoon|evening)|later today)\b/.test(t)) return today;
  // "Wednesdays after four" is a habit, not a day: plural weekdays are not dates.
  const wd = WEEKDAY_RE.exec(t);
  // "Thursday the 24th": the day of the month is the more specific of the two.
  // A day of the month ("the 22nd, it's a Saturday") is the more specific of the two.
  if (wd && !/\b(?:the\s+)?\d{1,2}(?:st|nd|rd|th)\b/.test(t)) {
    const target = WEEKDAYS.indexOf(wd[2]!);
    const upcoming = nextWeekday(today, target, wd[1] !== 'this');
    // "next week, maybe Wednesday": a bare weekday in a turn about next week means next week's.
    const next = wd[1] === 'next' || (nextWeek && !wd[1]);
    if (next && weekStart(upcoming) === weekStart(today)) return addDays(upcoming, 7);
    return upcoming;
  }
  if (/\b(this|the) weekend\b/.test(t)) return nextWeekday(today, 6, false);
  const inDays = IN_DAYS_RE.exec(t);
  if (inDays) {
    const n = inDays[1] === 'a' ? 1 : parseSmallNumber(inDays[1]!);
    if (n !== null) return addDays(today, inDays[2] === 'week' ? n * 7 : n);
  }
  const md = MONTH_DAY_RE.exec(t) ?? DAY_MONTH_RE.exec(t);
  if (md) {
    const monthFirst = /^[a-z]/.test(md[1]!);
    const month = MONTHS.indexOf((monthFirst ? md[1]! : md[2]!).slice(0, 3)) + 1;
    const day = Number(monthFirst ? md[2] : md[1]);
    return rollForward(today, month, day);
  }
  const numeric = /\b(\d{1,2})\/(\d{1,2})(?:\/(\d{2,4}))?\b/.exec(t);
  if (numeric) {
    const [a, b] = [Number(numeric[1]), Number(numeric[2])];
    const [month, day] = dayFirst ? [b, a] : [a, b];
    if (month >= 1 && month <= 12 && day >= 1 && day <= 31) return rollForward(today, month, day);
  }
  const ordinal = /\bthe\s+(\d{1,2})(?:st|nd|rd|th)\b/.exec(t);
  const spelled = ordinal ? null : SPELLED_DAY_RE.exec(t);
  if (ordinal || spelled) {
    const day = ordinal ? Number(ordinal[1]) : spelledDay(spelled![1], spelled![2]!);
    const sameMonth = day >= today.day ? today.month : today.month + 1;
    return rollForward(today, ((sameMonth - 1) % 12) + 1, day);
  }
  return null;
}

/** The next occurrence of month/day on or after today (a date already past this year means next year). */
function rollForward(today: LocalDate, month: number, day: number): LocalDate | null {
  if (day < 1 || day > 31) return null;
  let year = today.year;
  if (month < today.month || (month === today.month && day < today.day)) year++;
  const d = addDays({ year, month, day: 1 }, day - 1);
  return d.month === month ? d : null;
}
