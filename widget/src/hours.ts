import type { Labels } from './labels.ts';

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
 * The line under the business name. When the open state changes is left to the server's `hoursText`
 * ("Mon–Fri 8–6"): formatting instants per timezone here cost ~0.4 KB gzipped of the widget budget.
 */
export function openStateText(
  b: Pick<BusinessInfo, 'open' | 'nextChange'>,
  labels: Labels,
  now: number,
): { open: boolean; text: string } {
  const open = isOpenAt(b, now);
  return { open, text: open ? labels.openNow : labels.closedNow };
}
