/** Pure: per-day counts as a gap-free series for a chart (days without calls are zeros, not missing). */

const dayIn = (d: Date, timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);

/** Every calendar day (YYYY-MM-DD, in `timeZone`) from `from` to `to`, each with its calls and minutes. */
export function dailySeries(
  from: Date,
  to: Date,
  timeZone: string,
  calls: { day: string; value: number }[],
  seconds: { day: string; value: number }[],
): { date: string; calls: number; minutes: number }[] {
  const callsBy = new Map(calls.map((c) => [c.day, c.value]));
  const secondsBy = new Map(seconds.map((s) => [s.day, s.value]));
  const last = dayIn(to, timeZone);
  const out: { date: string; calls: number; minutes: number }[] = [];
  // Walk UTC noons: a day in any time zone is hit exactly once, DST or not.
  let date = dayIn(from, timeZone);
  for (let i = 0; i < 400; i++) {
    out.push({
      date,
      calls: callsBy.get(date) ?? 0,
      minutes: Math.round(((secondsBy.get(date) ?? 0) / 60) * 10) / 10,
    });
    if (date >= last) break;
    const next = new Date(`${date}T12:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    date = next.toISOString().slice(0, 10);
  }
  return out;
}
