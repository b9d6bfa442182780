import type { Config } from '../config.ts';
import type { Plan } from '../db/generated/enums.ts';

/** What a plan allows; other features read these numbers rather than the plan's name. */
export interface PlanLimits {
  phoneNumbers: number;
  seats: number;
  crmConnections: number;
  callbacksPerDay: number;
  campaigns: boolean;
  /** A campaign's pacing ceiling: calls at once, and calls started per minute (0 without campaigns). */
  campaignConcurrentCalls: number;
  campaignCallsPerMinute: number;
}

export interface PlanSpec {
  id: Plan;
  name: string;
  /** Minutes granted each billing period; for the trial, once. */
  monthlyMinutes: number;
  /** Monthly price in cents, for display; Stripe's Price is what is charged. */
  priceCents: number;
  limits: PlanLimits;
}

/** The catalogue. Prices live in Stripe; their ids come from configuration (`stripePriceOf`). */
export const PLANS: readonly PlanSpec[] = [
  {
    id: 'trial',
    name: 'Trial',
    monthlyMinutes: 60,
    priceCents: 0,
    limits: {
      phoneNumbers: 1,
      seats: 1,
      crmConnections: 1,
      callbacksPerDay: 10,
      campaigns: false,
      campaignConcurrentCalls: 0,
      campaignCallsPerMinute: 0,
    },
  },
  {
    id: 'starter',
    name: 'Starter',
    monthlyMinutes: 300,
    priceCents: 4900,
    limits: {
      phoneNumbers: 1,
      seats: 2,
      crmConnections: 1,
      callbacksPerDay: 25,
      campaigns: false,
      campaignConcurrentCalls: 0,
      campaignCallsPerMinute: 0,
    },
  },
  {
    id: 'pro',
    name: 'Pro',
    monthlyMinutes: 1000,
    priceCents: 14900,
    limits: {
      phoneNumbers: 3,
      seats: 5,
      crmConnections: 3,
      callbacksPerDay: 100,
      campaigns: true,
      campaignConcurrentCalls: 10,
      campaignCallsPerMinute: 20,
    },
  },
  {
    id: 'business',
    name: 'Business',
    monthlyMinutes: 3000,
    priceCents: 39900,
    limits: {
      phoneNumbers: 10,
      seats: 20,
      crmConnections: 3,
      callbacksPerDay: 500,
      campaigns: true,
      campaignConcurrentCalls: 50,
      campaignCallsPerMinute: 100,
    },
  },
];

/** The one-time minute pack sold by `…/billing/top-up`. */
export const TOP_UP_MINUTES = 100;

/** The trial's one-time allowance, in seconds (what every business had before billing existed). */
export const TRIAL_SECONDS = 60 * 60;

export const planOf = (id: Plan): PlanSpec => PLANS.find((p) => p.id === id)!;

/**
 * The limits a business works under, for features to read. Self-hosted (billing off) nothing is sold, so the
 * largest plan's limits apply whatever the plan column says; the operator's ledger is the only meter.
 */
export const limitsFor = (plan: Plan, billingOn: boolean): PlanLimits =>
  (billingOn ? planOf(plan) : PLANS[PLANS.length - 1]!).limits;

type PriceConfig = Pick<
  Config,
  'STRIPE_PRICE_STARTER' | 'STRIPE_PRICE_PRO' | 'STRIPE_PRICE_BUSINESS' | 'STRIPE_PRICE_TOPUP'
>;

export function stripePriceOf(config: PriceConfig, id: Plan): string | null {
  if (id === 'starter') return config.STRIPE_PRICE_STARTER ?? null;
  if (id === 'pro') return config.STRIPE_PRICE_PRO ?? null;
  if (id === 'business') return config.STRIPE_PRICE_BUSINESS ?? null;
  return null;
}

/** The plan a subscription's Price stands for; null for a price this catalogue does not sell. */
export function planOfPrice(config: PriceConfig, priceId: string | null | undefined): PlanSpec | null {
  if (!priceId) return null;
  return PLANS.find((p) => stripePriceOf(config, p.id) === priceId) ?? null;
}

/** The public catalogue (`GET /api/v1/billing/plans`). */
export function catalogueView(config: PriceConfig) {
  return PLANS.map((p) => ({ ...p, purchasable: stripePriceOf(config, p.id) !== null }));
}
