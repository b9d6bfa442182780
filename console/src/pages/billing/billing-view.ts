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

/**
 * What Stripe's return to `/app/billing?…` says (the server's default success, cancel and portal return
 * URLs): the payment went through, was canceled, or the owner is back from the portal. The plan and
 * minutes themselves change when Stripe's webhook arrives, which may be a moment after the browser.
 */
export function stripeReturn(search: string): { variant: 'success' | 'neutral'; text: string } | null {
  const q = new URLSearchParams(search);
  const checkout = q.get('checkout');
  const topUp = q.get('top-up');
  if (checkout === 'done')
    return { variant: 'success', text: 'Payment received. Your new plan shows here as soon as Stripe confirms it.' };
  if (topUp === 'done')
    return { variant: 'success', text: 'Payment received. The minutes are added as soon as Stripe confirms it.' };
  if (checkout === 'canceled' || topUp === 'canceled')
    return { variant: 'neutral', text: 'Checkout canceled: nothing was charged.' };
  if (q.get('portal') === 'done')
    return {
      variant: 'neutral',
      text: 'Back from the billing portal. Changes made there show here once Stripe confirms them.',
    };
  return null;
}
