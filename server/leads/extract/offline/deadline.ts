/** Deadlines: the nearest day a caller needs the work done by ("before I move in on Friday"). */
import type { BusinessContext, CallContext, TranscriptTurn } from '../../lead.schema.ts';
import { looseDeadlineDate } from './calendar.ts';
import { parseDate } from './spoken-date.ts';
import { callerTurns, clauses } from './text.ts';
import { ASKS_BY, dateRole, PAST, WEATHER } from './when.ts';
import { localDateTime, type LocalDateTime } from '../../../time/zoned.ts';

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
