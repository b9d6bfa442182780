/** The caller's preferred time: the day and clock time they want the work, as ISO 8601 in the business's zone. */
import type { BusinessContext, CallContext, TranscriptTurn } from '../../lead.schema.ts';
import { parseDate } from './spoken-date.ts';
import { type Part, parseTime, partOf } from './spoken-time.ts';
import { callerTurns, clauses } from './text.ts';
import { ASKS_BY, ASKS_WHEN, dateRole, PAST } from './when.ts';
import { localDateTime, zonedIso, type LocalDate, type LocalDateTime } from '../../../time/zoned.ts';

/** When the trouble began ("no email since this morning") is history, not a time wanted. */
const SINCE_DAY =
  /\b(?:since|from) (?:early |late |last |this |yesterday )?(?:morning|afternoon|evening|night|today|tonight|yesterday|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/gi;
/** A day the caller rules out: "no need to send anyone tonight", "not today". */
const NEGATED_DAY =
  /\b(?:not|no need (?:to|for)|don'?t need (?:to|anyone|someone)|no one|nobody)\b(?:(?!until|till|before|after)[^,.;]){0,30}?\b(?:today|tonight|tomorrow|this (?:morning|afternoon|evening))\b/gi;
const ANY_TIME = /\b(any ?time|whenever|all day|flexible|doesn'?t matter what time)\b/i;

export interface TimeMention {
  date: LocalDate | null;
  hour: number | null;
  minute: number;
  part: Part | null;
  anyTime: boolean;
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

const ACCEPTS =
  /^\W*(?:yes|yeah|yep|yup|sure|ok|okay|perfect|great|lovely|brilliant|fine|that works|works|sounds good|that'?s (?:fine|great|perfect|good)|oh thank goodness|please)\b|\b(?:works|perfect|sounds good|yes please)\b/i;

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
