import { z } from 'zod';
import { weeklyHoursSchema } from '../businesses/schema.ts';
import { closedDatesOf, hoursText, openState } from '../businesses/hours.ts';
import { resolveWidgetLabels, widgetLabelsSchema } from './labels.ts';
import type { WidgetBusiness } from './origin.ts';
import { widgetSettingsOf } from './settings.ts';

export const widgetConfigResponse = z.object({
  business: z.object({
    name: z.string(),
    phone: z.string().nullable(),
    country: z.string(),
    timezone: z.string(),
    open: z.boolean(),
    nextChange: z.string().nullable(),
    hoursText: z.string(),
  }),
  labels: widgetLabelsSchema,
  lang: z.string(),
  theme: z.object({ accent: z.string().optional() }),
  retriesEnabled: z.boolean(),
  minFillMs: z.number(),
  /** The business verifies callback numbers: text a code (POST /phone-checks) and send it with the callback. */
  requirePhoneCheck: z.boolean(),
});
export type WidgetConfigResponse = z.infer<typeof widgetConfigResponse>;

/** Pure: what the widget is told about a business at `now`. Nothing about callers, ever. */
export function widgetConfigOf(
  b: WidgetBusiness,
  phone: string | null,
  now: number,
  minFillMs: number,
): WidgetConfigResponse {
  const settings = widgetSettingsOf(b.widgetSettings, b.country);
  const parsed = weeklyHoursSchema.safeParse(b.weeklyHours);
  const hours = parsed.success ? parsed.data : {};
  const state = openState(hours, b.timezone, now, closedDatesOf(b.closedDates));
  return {
    business: {
      name: b.name,
      phone,
      country: b.country,
      timezone: b.timezone,
      open: state.open,
      nextChange: state.nextChange,
      hoursText: hoursText(hours, settings.lang),
    },
    labels: resolveWidgetLabels(settings.labels),
    lang: settings.lang,
    theme: settings.accent ? { accent: settings.accent } : {},
    retriesEnabled: settings.retriesEnabled,
    minFillMs,
    requirePhoneCheck: settings.verifyPhone,
  };
}
