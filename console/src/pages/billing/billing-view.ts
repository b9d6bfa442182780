/** Pure helpers of the billing page. */
import type { ChartPoint } from './usage-chart.component.ts';

export const minutesText = (seconds: number) => {
  const m = Math.round(Math.max(0, seconds) / 6) / 10;
  return `${m} min`;
};

export const planPrice = (cents: number) =>
  new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD' }).format(cents / 100) + '/month';

/** Daily values → the running total (minutes used so far this period). */
export function cumulative(points: ChartPoint[]): ChartPoint[] {
  let sum = 0;
  return points.map((p) => {
    sum = Math.round((sum + p.value) * 10) / 10;
    return { date: p.date, value: sum };
  });
}

/** The callout for usage and payment state: the 80 % and 100 % alerts, an overdue payment. */
export function usageAlert(
  alertPercent: number,
  status: string,
  graceEndsAt: string | null,
): { variant: 'warning' | 'danger'; text: string } | null {
  if (status === 'restricted')
    return { variant: 'danger', text: 'Calls are restricted until the overdue payment is made.' };
  if (status === 'past_due')
    return {
      variant: 'danger',
      text: `A payment is overdue${graceEndsAt ? `; calls stop on ${new Date(graceEndsAt).toLocaleDateString()}` : ''}. Update your card in the billing portal.`,
    };
  if (alertPercent >= 100)
    return { variant: 'danger', text: "All of this period's minutes are used: buy more minutes or change plan." };
  if (alertPercent >= 80) return { variant: 'warning', text: "80 % of this period's minutes are used." };
  return null;
}
