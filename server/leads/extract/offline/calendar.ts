import type { LocalDate } from '../../../time/zoned.ts';

/**
 * Plain calendar arithmetic (no zone is involved once the local date is known), done with Date.UTC: the
 * same answers as Temporal's PlainDate at a fraction of the cost on the extraction path.
 */
export function addDays(d: LocalDate, days: number): LocalDate & { weekday: number } {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + days));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate(), weekday: t.getUTCDay() };
}

function onOrAfter(today: LocalDate, month: number, day: number): LocalDate {
  const year = month < today.month || (month === today.month && day < today.day) ? today.year + 1 : today.year;
  return { year, month, day };
}

/** The fourth Thursday of November (US Thanksgiving) on or after today. */
function thanksgiving(today: LocalDate): LocalDate {
  for (const year of [today.year, today.year + 1]) {
    const first = addDays({ year, month: 11, day: 1 }, 0);
    const day = 1 + ((4 - first.weekday + 7) % 7) + 21;
    if (year > today.year || 11 > today.month || (today.month === 11 && day >= today.day))
      return { year, month: 11, day };
  }
  return { year: today.year + 1, month: 11, day: 22 };
}

const FIXED_HOLIDAYS: [RegExp, number, number][] = [
  [/\bchristmas eve\b/, 12, 24],
  [/\b(?:christmas|xmas)\b/, 12, 25],
  [/\bnew year'?s eve\b/, 12, 31],
  [/\bnew year'?s(?: day)?\b/, 1, 1],
  [/\bhalloween\b/, 10, 31],
  [/\bvalentine'?s\b/, 2, 14],
  [/\b(?:fourth of july|4th of july|independence day)\b/, 7, 4],
];
const FEW = /\bin (?:a )?(couple|few)(?: of)? days\b/;

/**
 * Days a caller names loosely, as deadlines only ("before Christmas", "by the end of the week", "the lease
 * is up next weekend", "guests in a couple of days"). Not used for the preferred time: none of them is a
 * day someone can be booked on.
 */
export function looseDeadlineDate(clause: string, today: LocalDate & { weekday: number }): LocalDate | null {
  const t = clause.toLowerCase();
  for (const [re, month, day] of FIXED_HOLIDAYS) if (re.test(t)) return onOrAfter(today, month, day);
  if (/\bthanksgiving\b/.test(t)) return thanksgiving(today);
  if (/\bend of (?:the |this )?week\b/.test(t)) return addDays(today, (5 - today.weekday + 7) % 7);
  if (/\bnext weekend\b/.test(t)) return addDays(today, ((6 - today.weekday + 7) % 7) + 7);
  if (/\bend of (?:the |this )?month\b/.test(t)) {
    const last = addDays({ year: today.year, month: today.month + 1, day: 1 }, -1);
    return { year: last.year, month: last.month, day: last.day };
  }
  const few = FEW.exec(t);
  if (few) return addDays(today, few[1] === 'couple' ? 2 : 3);
  return null;
}
