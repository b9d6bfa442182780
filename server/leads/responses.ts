/** What the lead and call read API answers, declared once for the OpenAPI document and the generated client. */
import { z } from 'zod';
import { pageSchema } from '../http/pagination.ts';
import { leadSyncStatus } from '../sync/status.ts';

const time = z.string();
export const callStatus = z.enum([
  'queued',
  'ringing',
  'in_progress',
  'completed',
  'busy',
  'no_answer',
  'failed',
  'canceled',
]);
export const callMode = z.enum(['ai', 'forwarded', 'voicemail', 'rejected']);
const direction = z.enum(['inbound', 'outbound']);

export const leadOut = z.object({
  id: z.string(),
  businessId: z.string(),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  reason: z.string().nullable(),
  service: z.string().nullable(),
  urgency: z.enum(['emergency', 'high', 'normal', 'low']).nullable(),
  temperature: z.enum(['Hot', 'Warm', 'Cold']).nullable(),
  preferredTime: z.string().nullable(),
  preferredTimeDateOnly: z.boolean(),
  address: z.string().nullable(),
  summary: z.string(),
  customFields: z.record(z.string(), z.unknown()),
  extractionMethod: z.string().nullable(),
  createdAt: time,
  updatedAt: time,
});
export const leadPage = pageSchema(leadOut);
export const leadDetail = leadOut.extend({
  calls: z.array(
    z.object({ id: z.string(), startedAt: time, status: callStatus, durationSeconds: z.number().int().nullable() }),
  ),
  sync: z.array(leadSyncStatus),
});

export const callPage = pageSchema(
  z.object({
    id: z.string(),
    direction,
    mode: callMode,
    from: z.string().nullable(),
    to: z.string().nullable(),
    status: callStatus,
    startedAt: time,
    durationSeconds: z.number().int().nullable(),
    leadId: z.string().nullable(),
  }),
);
export const callDetail = z.object({
  id: z.string(),
  businessId: z.string(),
  direction,
  mode: callMode,
  from: z.string().nullable(),
  to: z.string().nullable(),
  status: callStatus,
  startedAt: time,
  endedAt: time.nullable(),
  durationSeconds: z.number().int().nullable(),
  endReason: z.string().nullable(),
  leadId: z.string().nullable(),
  consent: z
    .object({
      outcome: z.enum(['pending', 'granted', 'declined', 'no_answer']),
      attempts: z.number().int(),
      method: z.string().nullable(),
      promptText: z.string(),
      askedAt: time,
      answeredAt: time.nullable(),
    })
    .nullable(),
  /** `url`: a link minted for this viewer, null while the recording cannot be played. */
  recording: z
    .object({ seconds: z.number().int().nullable(), status: z.string().nullable(), url: z.string().nullable() })
    .nullable(),
  transcript: z.array(z.object({ speaker: z.enum(['agent', 'caller']), text: z.string(), at: time })),
});
