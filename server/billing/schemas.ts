/** The billing API's response shapes: validated nowhere, declared once so OpenAPI documents each route. */
import { z } from 'zod';

const limits = z
  .record(z.string(), z.union([z.number(), z.boolean()]))
  .describe(
    'phoneNumbers, seats, crmConnections, callbacksPerDay (counts), campaigns (yes/no), campaignConcurrentCalls, campaignCallsPerMinute (a pacing ceiling of a campaign)',
  );

export const planView = z.object({
  id: z.string(),
  name: z.string(),
  monthlyMinutes: z.number(),
  priceCents: z.number(),
  purchasable: z.boolean(),
  limits,
});

export const billingResponse = z.object({
  plan: z.string().describe('the plan the business is on now; trial when it never paid or its subscription ended'),
  status: z.enum(['trialing', 'active', 'past_due', 'restricted', 'canceled']),
  balanceSeconds: z.number(),
  reservedSeconds: z.number().describe('held by calls in progress'),
  allowanceSeconds: z.number().describe("this period's plan allowance (the trial's one-time minutes on the trial)"),
  periodStart: z.string().nullable(),
  periodEnd: z.string().nullable(),
  graceEndsAt: z.string().nullable(),
  billingEnabled: z.boolean(),
  limits,
});

export const redirect = z.object({ id: z.string().optional(), url: z.string().nullable() });

export const usageEntry = z.object({
  id: z.string(),
  at: z.string(),
  kind: z.enum(['opening', 'trial', 'grant', 'expiry', 'top_up', 'refund', 'usage', 'adjustment']),
  seconds: z.number().describe('positive credits, negative debits'),
  note: z.string().nullable(),
  call: z
    .object({
      id: z.string(),
      direction: z.enum(['inbound', 'outbound']),
      from: z.string().nullable(),
      to: z.string().nullable(),
      startedAt: z.string(),
      durationSeconds: z.number().nullable(),
    })
    .nullable(),
});

export const invoiceView = z.object({
  id: z.string(),
  number: z.string().nullable(),
  status: z.string().nullable(),
  currency: z.string(),
  amountDue: z.number(),
  amountPaid: z.number(),
  created: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  hostedInvoiceUrl: z.string().nullable(),
  invoicePdf: z.string().nullable(),
});

/** What the webhook reads before verifying: Stripe's event envelope (the signature covers the raw bytes). */
export const stripeEventBody = z
  .object({ id: z.string(), type: z.string(), data: z.object({ object: z.record(z.string(), z.unknown()) }) })
  .loose();
