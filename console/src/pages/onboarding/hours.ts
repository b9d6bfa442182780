/** Opening hours as the form shows them (pure): one row per day, open or closed, one range. */
export const DAYS = [
  ['mon', 'Monday'],
  ['tue', 'Tuesday'],
  ['wed', 'Wednesday'],
  ['thu', 'Thursday'],
  ['fri', 'Friday'],
  ['sat', 'Saturday'],
  ['sun', 'Sunday'],
] as const;
export type Day = (typeof DAYS)[number][0];
export type WeeklyHours = Partial<Record<Day, [string, string][]>>;

export const DEFAULT_HOURS: WeeklyHours = {
  mon: [['08:00', '17:00']],
  tue: [['08:00', '17:00']],
  wed: [['08:00', '17:00']],
  thu: [['08:00', '17:00']],
  fri: [['08:00', '17:00']],
};

/** From the form's fields `open-mon`, `from-mon`, `to-mon`, … */
export function hoursFromForm(data: FormData): WeeklyHours {
  const out: WeeklyHours = {};
  for (const [day] of DAYS) {
    if (!data.get(`open-${day}`)) continue;
    out[day] = [[String(data.get(`from-${day}`) || '08:00'), String(data.get(`to-${day}`) || '17:00')]];
  }
  return out;
}
