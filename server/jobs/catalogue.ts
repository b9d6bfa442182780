import { z } from 'zod';

/**
 * Every job the service queues: the name graphile-worker stores and the payload it carries. `enqueue()`
 * checks a payload against its schema before writing it, and the worker parses it with the same schema
 * before the handler sees it.
 *
 * The names are stored in queued job rows: renaming one strands the jobs already waiting under the old name.
 */
export const jobCatalogue = {
  /** Start the Twilio recording of a call whose caller consented (calls/). */
  'call.start_recording': z.object({ callId: z.uuid() }),
  /** Turn a completed call into a lead (leads/). */
  'call.process': z.object({ callId: z.uuid() }),
  /** Tell the business about a lead (leads/). */
  'lead.notify': z.object({ leadId: z.uuid(), callId: z.uuid().nullable() }),
  /** Drain a connection's pending sync records (sync/). */
  'sync.push': z.object({ connectionId: z.uuid() }),
  /** Re-queue sync work whose job was lost with a killed worker (sync/). */
  'sync.sweep': z.object({}),
  /** Run (what is left of) a data-subject request: export or erasure (privacy/). */
  'privacy.run': z.object({ requestId: z.uuid(), attempt: z.number().int().min(0).default(0) }),
  /** Build the export of a closing business and e-mail its owners the link (privacy/). */
  'privacy.closure_export': z.object({ requestId: z.uuid() }),
  /** The retention sweep, hourly from the crontab (privacy/). */
  'retention.sweep': z.object({}),
  /** Settle minutes held by calls whose final status never came; cron, every 10 minutes (calls/). */
  'calls.settle_reservations': z.object({}),
  /** Call back a website visitor (widget-api/). */
  'callback.place': z.object({ callbackRequestId: z.uuid() }),
  /** Claim a running campaign's eligible targets and queue their dials; re-queues itself (campaigns/). */
  'campaign.tick': z.object({ campaignId: z.uuid() }),
  /** One attempt at one claimed target: dial-time checks, the dial recorded, then Twilio (campaigns/). */
  'campaign.dial': z.object({ targetId: z.uuid(), attempt: z.number().int().min(1) }),
  /** A connected dial's outcome from its lead, once post-call processing is done (campaigns/). */
  'campaign.outcome': z.object({ dialId: z.uuid() }),
  /** Dials left `recorded` by a killed worker, looked up at Twilio; cron, every minute (campaigns/). */
  'campaigns.reconcile': z.object({}),
} as const satisfies Record<string, z.ZodType>;

export type JobName = keyof typeof jobCatalogue;
/** What a caller of `enqueue()` passes for a job. */
export type JobInput<N extends JobName> = z.input<(typeof jobCatalogue)[N]>;
/** What a job's handler receives. */
export type JobPayload<N extends JobName> = z.output<(typeof jobCatalogue)[N]>;

export const isJobName = (name: string): name is JobName => Object.hasOwn(jobCatalogue, name);

/** The payload checked against its job's schema; throws on an unknown job name or a payload that does not fit. */
export function parseJobPayload<N extends JobName>(name: N, payload: unknown): JobPayload<N> {
  if (!isJobName(name)) throw new Error(`unknown job: ${String(name)}`);
  return jobCatalogue[name].parse(payload) as JobPayload<N>;
}
