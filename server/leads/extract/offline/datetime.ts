import type { BusinessContext, CallContext, TranscriptTurn } from '../../lead.schema.ts';
import { addDays, looseDeadlineDate } from './calendar.ts';
import { parseSmallNumber } from './numbers.ts';
import { SPELLED_DAY_RE, spelledDay } from './spoken-days.ts';
import { callerTurns, clauses } from './text.ts';
import { ASKS_BY, ASKS_WHEN, dateRole, WEATHER } from './when.ts';
import { localDateTime, zonedIso, type LocalDate, type LocalDateTime } from '../../../time/zoned.ts';

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const NUM = String.raw`(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)`;
const MINUTES = String.raw`(?::(\d{2})|\s+(fifteen|thirty|forty[- ]five|oh[- ]five|o'?clock))?`;
const PART_OF_DAY = /\b(morning|afternoon|evening|tonight|night|lunchtime|lunch|first thing|end of (?:the )?day)\b/i;
const PAST =
  /\b(ago|had|was|were|did|happened|got hit|came|started|last|earlier|yesterday|already|blew|broke|fell|went|took|bought|dropped|threw|tweaked|treated|cleaned|installed|slipped|crashed)\b/i;
/** When the trouble began ("no email since this morning") is history, not a time wanted. */
const SINCE_DAY =
  /\b(?:since|from) (?:early |late |last |this |yesterday )?(?:morning|afternoon|evening|night|today|tonight|yesterday|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/gi;
/** A day the caller rules out: "no need to send anyone tonight", "not today". */
const NEGATED_DAY =
  /\b(?:not|no need (?:to|for)|don'?t need (?:to|anyone|someone)|no one|nobody)\b(?:(?!until|till|before|after)[^,.;]){0,30}?\b(?:today|tonight|tomorrow|this (?:morning|afternoon|evening))\b/gi;
const ANY_TIME = /\b(any ?time|whenever|all day|flexible|doesn'?t matter what time)\b/i;

type Part = 'morning' | 'afternoon' | 'evening';

// Patterns built once: extraction runs per call and must stay well under 5 ms.
const MONTH_RE = MONTHS.join('|');
const WEEKDAY_RE = new RegExp(String.raw`\b(?:(this|next|coming|on)\s+)?(${WEEKDAYS.join('|')})(?!s\b)\b`);
const IN_DAYS_RE = new RegExp(String.raw`\bin\s+(${NUM}|a)\s+(day|week)s?\b`);
const MONTH_DAY_RE = new RegExp(String.raw`\b(${MONTH_RE})[a-z]*\.?\s+(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?\b`);
const DAY_MONTH_RE = new RegExp(String.raw`\b(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(${MONTH_RE})[a-z]*\b`);
const EXPLICIT_TIME_RE = new RegExp(
  String.raw`\b(${NUM})${MINUTES}\s*(am|pm|in the morning|in the afternoon|in the evening|at night|tonight)\b`,
);
const CUED_TIME_RE = new RegExp(
  String.raw`\b(?:at|around|like|about|by|after|say|for|from|maybe|say|ish)\s+(?:about\s+|around\s+)?(${NUM})${MINUTES}(?![\s-]*(?:days?|weeks?|months?|years?|hours?|minutes?|dollars?|bucks|people|of|bedrooms?))\b`,
);
const OCLOCK_RE = new RegExp(String.raw`\b(${NUM})\s+o'?clock\b`);
const HALF_PAST_RE = new RegExp(String.raw`\b(half|quarter)\s+(past|after|to)\s+(${NUM})\b`);

export interface TimeMention {
  date: LocalDate | null;
  hour: number | null;
  minute: number;
  part: Part | null;
  anyTime: boolean;
}

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

function partOf(text: string): Part | null {
  const m = PART_OF_DAY.exec(text.toLowerCase());
  if (!m) return null;
  if (/morning|first thing/.test(m[1]!)) return 'morning';
  if (/afternoon|lunch/.test(m[1]!)) return 'afternoon';
  return 'evening';
}

/** What one caller turn says about when, ignoring clauses about the past ("we had a storm tonight"). */
export function mentionIn(
  text: string,
  today: LocalDate & { weekday: number },
  dayFirst: boolean,
  askedWhen = false,
  askedBy = false,
): TimeMention | null {
  let found: TimeMention | null = null;
  // Only when next week is when the caller wants it, not "I'm away next week, but Friday works".
  const nextWeek =
    /\bnext week\b/i.test(text) &&
    !/\b(?:busy|away|gone|out of town|not|can'?t|cannot|except|until|after)\b[^.,;]{0,20}next week/i.test(text);
  for (const clause of clauses(text)) {
    if (PAST.test(clause)) continue;
    const live = clause.replace(NEGATED_DAY, ' ').replace(SINCE_DAY, ' ');
    const date = parseDate(live, today, dayFirst, nextWeek);
    // "before I move in on Friday", "the inspection is Friday": a deadline, not when they want us.
    if (date && dateRole(clause, askedWhen, text, askedBy) === 'deadline') continue;
    const time = parseTime(live);
    const part = partOf(live);
    if (!date && !time) continue;
    const prev = found as TimeMention | null;
    const next: TimeMention = {
      date: date ?? prev?.date ?? null,
      hour: time?.hour ?? (date ? null : (prev?.hour ?? null)),
      minute: time?.minute ?? 0,
      part: part ?? (date ? null : (prev?.part ?? null)),
      anyTime: ANY_TIME.test(text),
    };
    if (next.part === null && next.hour === null) next.part = partOf(text);
    found = next;
  }
  return found;
}

/**
 * A clause without its parts about the past, for deadlines: "I have to be out this Saturday, my landlord's
 * already rented it" keeps its first part. (Not for the wanted day: there a part in the past tense the PAST
 * words miss, "my car overheated on the way home tonight", would name a day.)
 */
function presentParts(clause: string): string {
  const past = (text: string) => PAST.test(text.replace(WANTED_DONE, ' '));
  if (!past(clause)) return clause;
  return clause
    .split(/,\s*/)
    .filter((part) => !past(part))
    .join(', ');
}

/** "we need our office cleaned", "I want it installed": a participle of the work wanted, not the past. */
const WANTED_DONE = /\b(?:need|needs|want|wants|get|getting|have|having)\b(?:\s+\w+){0,3}?\s+\w+ed\b/gi;

/** "and" starting a new statement with its own subject. */
const NEW_SUBJECT =
  /,?\s+and\s+(?=(?:i|i'm|i've|we|we're|we've|my|our|his|her|their|he|she|they|the|it|it's|there's)\b)/i;
/** "I don't need it until Monday", "it can wait till the weekend": slack before a date, not a deadline. */
const SLACK =
  /\b(?:don'?t|doesn'?t|won'?t|not|isn'?t|aren'?t|no need)\b[^.,;]{0,25}\b(?:until|till|til)\b|\b(?:can|could) wait (?:till|until|til)\b/i;

const ACCEPTS =
  /^\W*(?:yes|yeah|yep|yup|sure|ok|okay|perfect|great|lovely|brilliant|fine|that works|works|sounds good|that'?s (?:fine|great|perfect|good)|oh thank goodness|please)\b|\b(?:works|perfect|sounds good|yes please)\b/i;

/**
 * Whole days from today to the nearest deadline the caller names (0 = today), or null. A turn that says
 * "before then" makes every day it names a deadline.
 */
export function daysToDeadline(
  turns: TranscriptTurn[],
  business: Pick<BusinessContext, 'timezone'>,
  call: Pick<CallContext, 'calledAt'>,
  today: LocalDateTime = localDateTime(new Date(call.calledAt), business.timezone),
): number | null {
  const dayFirst = !business.timezone.startsWith('America/');
  let best: number | null = null;
  for (const t of callerTurns(turns)) {
    // "I have a hearing next Tuesday and my lawyer just dropped me": the past half does not hide the date.
    for (const clause of clauses(t.text)
      .flatMap((c) => c.split(NEW_SUBJECT))
      .map(presentParts)) {
      if (!clause || SLACK.test(clause)) continue;
      const d = parseDate(clause, today, dayFirst) ?? looseDeadlineDate(clause, today);
      if (!d) continue;
      const askedBy = ASKS_BY.test(t.prompt);
      // "I've got my graduation on Thursday, could I get a blow dry that morning?": the request in the next
      // part does not make the event's own day any less a deadline.
      const role =
        dateRole(clause, false, t.text, askedBy) === 'deadline' ||
        (clause.includes(',') &&
          clause
            .split(/,\s*/)
            .some((p) => parseDate(p, today, dayFirst) && dateRole(p, false, t.text, askedBy) === 'deadline'))
          ? 'deadline'
          : 'wanted';
      if (role !== 'deadline' && !WEATHER.test(clause)) continue;
      const days = Math.round(
        (Date.UTC(d.year, d.month - 1, d.day) - Date.UTC(today.year, today.month - 1, today.day)) / 86_400_000,
      );
      if (days >= 0 && (best === null || days < best)) best = days;
    }
  }
  return best;
}

const DEFAULT_HOUR: Record<Part, number> = { morning: 9, afternoon: 13, evening: 17 };

/**
 * The caller's preferred time as ISO 8601 with the business's offset. The latest day named wins, with a
 * clock time from the same turn or a later one; no day named means null (a time alone is not enough).
 * Date-only when the caller gave a part of the day, "any time", or no time at all.
 */
export function extractPreferredTime(
  turns: TranscriptTurn[],
  business: Pick<BusinessContext, 'timezone'>,
  call: Pick<CallContext, 'calledAt'>,
  today: LocalDateTime = localDateTime(new Date(call.calledAt), business.timezone),
): { preferredTime: string | null; preferredTimeDateOnly: boolean } {
  // Outside North America people say 5/9 for the 5th of September.
  const dayFirst = !business.timezone.startsWith('America/');
  let date: LocalDate | null = null;
  let hour: number | null = null;
  let minute = 0;
  let part: Part | null = null;
  let anyTime = false;
  const apply = (m: TimeMention | null) => {
    if (!m) return;
    if (m.date) {
      date = m.date;
      hour = m.hour;
      minute = m.minute;
      part = m.part;
      anyTime = m.anyTime;
    } else if (date && m.hour !== null) {
      hour = m.hour;
      minute = m.minute;
      anyTime = false;
    }
  };
  for (const t of callerTurns(turns)) {
    // A time the agent offers counts once the caller takes it ("We have Thursday at 1:30." — "That works.").
    if (ACCEPTS.test(t.text) && t.text.split(/\s+/).length <= 8) apply(mentionIn(t.prompt, today, dayFirst, true));
    apply(mentionIn(t.text, today, dayFirst, ASKS_WHEN.test(t.prompt), ASKS_BY.test(t.prompt)));
  }
  if (!date) return { preferredTime: null, preferredTimeDateOnly: false };
  if (hour === null || anyTime) {
    return {
      preferredTime: zonedIso(date, DEFAULT_HOUR[part ?? 'morning'], 0, business.timezone),
      preferredTimeDateOnly: true,
    };
  }
  return { preferredTime: zonedIso(date, hour, minute, business.timezone), preferredTimeDateOnly: false };
}
