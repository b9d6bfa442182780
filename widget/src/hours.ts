import { fill, type Labels } from './labels.ts';

export interface BusinessInfo {
  name: string;
  /** E.164, used for the tap-to-call link. */
  phone: string;
  /** ISO 3166 alpha-2: the default country for numbers typed in national format. */
  country: string;
  /** IANA zone, e.g. America/Chicago. */
  timezone: string;
  open: boolean;
  /** ISO instant at which `open` flips, or null when it never does (24/7 or always closed). */
  nextChange: string | null;
  hoursText: string;
}

/**
 * The server's `open` is true at the moment it built the config; once `nextChange` has passed it is the
 * opposite (until the config is fetched again).
 */
export function isOpenAt(b: Pick<BusinessInfo, 'open' | 'nextChange'>, now: number): boolean {
  const change = b.nextChange ? Date.parse(b.nextChange) : NaN;
  return Number.isFinite(change) && now >= change ? !b.open : b.open;
}

/**
 * "Closes 6:00 PM" / "Opens Mon 8:00 AM" in the business's own timezone; the weekday only when the
 * change is not on the same local day. Empty when there is no upcoming change.
 */
export function nextChangeText(b: BusinessInfo, labels: Labels, now: number, locale = 'en'): string {
  const change = b.nextChange ? Date.parse(b.nextChange) : NaN;
  if (!Number.isFinite(change) || change <= now) return '';
  let fmt: (d: number, o: Intl.DateTimeFormatOptions) => string;
  try {
    fmt = (d, o) => new Intl.DateTimeFormat(locale, { timeZone: b.timezone, ...o }).format(d);
    fmt(now, {});
  } catch {
    // Unknown timezone or locale: fall back to the visitor's own.
    fmt = (d, o) => new Intl.DateTimeFormat(undefined, o).format(d);
  }
  const day = (d: number) => fmt(d, { year: 'numeric', month: 'numeric', day: 'numeric' });
  const time = fmt(change, { hour: 'numeric', minute: '2-digit' });
  const when = day(change) === day(now) ? time : `${fmt(change, { weekday: 'short' })} ${time}`;
  return fill(b.open ? labels.closesAt : labels.opensAt, { time: when });
}

/** The line under the business name: open state, and when it changes. */
export function openStateText(b: BusinessInfo, labels: Labels, now: number, locale?: string): { open: boolean; text: string; next: string } {
  const open = isOpenAt(b, now);
  const current = { ...b, open };
  return { open, text: open ? labels.openNow : labels.closedNow, next: nextChangeText(current, labels, now, locale) };
}
