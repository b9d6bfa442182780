import { widgetSettingsSchema } from '../businesses/schema.ts';

/** Defaults for what a business has not set; one place so the config route, guards and retries agree. */
export const DEFAULT_DAILY_CALLBACK_CAP = 50;
export const DEFAULT_MIN_FILL_MS = 3000;
/** Calls placed per callback request, first attempt included. */
export const MAX_CALLBACK_ATTEMPTS = 3;
/** Minutes before retry n (index 0 = after the first attempt). */
export const RETRY_DELAYS_MINUTES = [2, 10] as const;

export interface WidgetSettings {
  labels: Record<string, string>;
  lang: string;
  accent?: string;
  dailyCallbackCap: number;
  retriesEnabled: boolean;
  allowedCountries: string[];
  /** Callbacks only after the visitor confirms their number with an SMS code. */
  verifyPhone: boolean;
}

/**
 * The stored JSON is validated on write, but rows predate schema changes: anything that does not parse
 * falls back to the defaults field by field rather than breaking a customer's widget.
 */
export function widgetSettingsOf(raw: unknown, businessCountry: string): WidgetSettings {
  const obj = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const field = <T>(k: keyof typeof widgetSettingsSchema.shape): T | undefined => {
    const r = widgetSettingsSchema.shape[k].safeParse(obj[k]);
    return r.success ? (r.data as T) : undefined;
  };
  const countries = field<string[]>('allowedCountries');
  return {
    labels: field<Record<string, string>>('labels') ?? {},
    lang: field<string>('lang') ?? 'en',
    accent: field<string>('accent'),
    dailyCallbackCap: field<number>('dailyCallbackCap') ?? DEFAULT_DAILY_CALLBACK_CAP,
    retriesEnabled: field<boolean>('retriesEnabled') ?? false,
    allowedCountries: countries?.length ? countries : [businessCountry],
    verifyPhone: field<boolean>('verifyPhone') ?? false,
  };
}
