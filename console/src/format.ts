/** Display helpers shared by pages (pure). */
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
export const when = (iso: string | null | undefined) => (iso ? dateTime.format(new Date(iso)) : '');
export const duration = (s: number | null | undefined) =>
  s == null ? '' : `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
export const temperatureVariant = (t: string | null | undefined) =>
  t === 'Hot' ? 'danger' : t === 'Warm' ? 'warning' : t === 'Cold' ? 'neutral' : 'neutral';
