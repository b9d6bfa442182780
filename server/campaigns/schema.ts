/** The campaigns API's shapes: what a business sends (validated at the edge) and what it gets back. */
import { z } from 'zod';
import { line, multiline } from '../http/text.ts';
import { PLATFORM_LIMITS } from '../businesses/dial-policy.ts';
import { e164 } from '../businesses/schema.ts';

const hhmm = z
  .string()
  .regex(/^([01][0-9]|2[0-4]):[0-5][0-9]$/, 'a time as HH:MM')
  .transform((s) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5)))
  .refine((m) => m <= 24 * 60, 'at most 24:00');

export const createCampaignBody = z
  .object({
    listId: z.uuid(),
    name: line().trim().min(1).max(120),
    goal: z.enum(['qualify', 'book', 'remind']),
    /** What the AI should achieve and say: the business's instructions, not caller data. */
    script: multiline().trim().min(1).max(8000),
    greeting: line().trim().min(1).max(500),
    /** Said before anything else: who is calling, that it is an AI, and the recording question follows. */
    disclosure: line().trim().min(1).max(500),
    voice: z
      .enum(['alloy', 'ash', 'ballad', 'coral', 'echo', 'sage', 'shimmer', 'verse', 'marin', 'cedar'])
      .default('alloy'),
    callerId: e164,
    /** Recipient-local; clamped to 08:00–21:00 (narrower is kept, wider is cut). */
    window: z
      .object({
        start: hhmm,
        end: hhmm,
        days: z.array(z.number().int().min(1).max(7)).min(1).max(7).default([1, 2, 3, 4, 5]),
      })
      .default({ start: 540, end: 1200, days: [1, 2, 3, 4, 5] }),
    maxAttempts: z.number().int().min(1).max(10).default(3),
    retrySpacingMinutes: z.number().int().min(5).max(10_080).default(240),
    // The platform's ceilings (no plan goes past them); the plan's own, lower, are checked on create.
    maxConcurrent: z
      .number()
      .int()
      .min(1)
      .max(
        PLATFORM_LIMITS.campaignConcurrentCalls,
        `at most ${PLATFORM_LIMITS.campaignConcurrentCalls} on this platform`,
      )
      .default(5),
    callsPerMinute: z
      .number()
      .int()
      .min(1)
      .max(PLATFORM_LIMITS.campaignCallsPerMinute, `at most ${PLATFORM_LIMITS.campaignCallsPerMinute} on this platform`)
      .default(10),
    machineAction: z.enum(['leave_message', 'hang_up']).default('hang_up'),
    voicemailMessage: line().trim().min(1).max(1000).optional(),
  })
  .superRefine((b, c) => {
    if (b.machineAction === 'leave_message' && !b.voicemailMessage)
      c.addIssue({ code: 'custom', path: ['voicemailMessage'], message: 'needed to leave a message' });
  });
export type CreateCampaign = z.output<typeof createCampaignBody>;

export const OUTCOMES = [
  'connected',
  'interested',
  'booked',
  'not_interested',
  'voicemail',
  'no_answer',
  'busy',
  'failed',
  'opted_out',
  'invalid_number',
  'blocked',
] as const;

export const progressView = z.object({
  targets: z.number(),
  pending: z.number(),
  dialling: z.number(),
  done: z.number(),
  dials: z.number(),
  outcomes: z.record(z.string(), z.number()),
  /** Set while the business's campaign dials for the day (a platform limit) are used up: when calling goes on. */
  dailyLimitResetsAt: z.string().nullable(),
});

const hm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

export const campaignView = z.object({
  id: z.uuid(),
  listId: z.uuid(),
  name: z.string(),
  goal: z.string(),
  status: z.enum(['draft', 'running', 'paused', 'cancelled', 'completed']),
  callerId: z.string(),
  window: z.object({ start: z.string(), end: z.string(), days: z.array(z.number()) }),
  maxAttempts: z.number(),
  retrySpacingMinutes: z.number(),
  maxConcurrent: z.number(),
  callsPerMinute: z.number(),
  machineAction: z.string(),
  startedAt: z.string().nullable(),
  pausedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  createdAt: z.string(),
  progress: progressView.optional(),
});

export interface CampaignRow {
  id: string;
  listId: string;
  name: string;
  goal: string;
  status: z.output<typeof campaignView>['status'];
  callerId: string;
  windowStartMinute: number;
  windowEndMinute: number;
  days: number[];
  maxAttempts: number;
  retrySpacingMinutes: number;
  maxConcurrent: number;
  callsPerMinute: number;
  machineAction: string;
  startedAt: Date | null;
  pausedAt: Date | null;
  finishedAt: Date | null;
  createdAt: Date;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Pure: a campaign row as the API shows it. */
export function toCampaignView(
  c: CampaignRow,
  progress?: z.output<typeof progressView>,
): z.output<typeof campaignView> {
  return {
    id: c.id,
    listId: c.listId,
    name: c.name,
    goal: c.goal,
    status: c.status,
    callerId: c.callerId,
    window: { start: hm(c.windowStartMinute), end: hm(c.windowEndMinute), days: c.days },
    maxAttempts: c.maxAttempts,
    retrySpacingMinutes: c.retrySpacingMinutes,
    maxConcurrent: c.maxConcurrent,
    callsPerMinute: c.callsPerMinute,
    machineAction: c.machineAction,
    startedAt: iso(c.startedAt),
    pausedAt: iso(c.pausedAt),
    finishedAt: iso(c.finishedAt),
    createdAt: c.createdAt.toISOString(),
    ...(progress ? { progress } : {}),
  };
}
