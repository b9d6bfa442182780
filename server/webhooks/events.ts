import { z } from 'zod';

/**
 * The events Leadline sends to webhook endpoints: each type's `data`, as a zod schema that the emitter
 * checks before writing and that the OpenAPI document's `webhooks` section is generated from. Within a
 * version, changes are additive only (new optional fields); a breaking change is a new version, announced
 * in the document, never a silent reshape.
 */
const id = z.uuid();
const iso = z.string().describe('ISO 8601 instant');

const callBase = {
  callId: id,
  businessId: id,
  direction: z.enum(['inbound', 'outbound']),
  from: z.string().nullable(),
  to: z.string().nullable(),
  mode: z.enum(['ai', 'forwarded', 'voicemail', 'rejected']),
};

const leadFields = {
  leadId: id,
  businessId: id,
  callId: id.nullable(),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  reason: z.string().nullable(),
  service: z.string().nullable(),
  urgency: z.enum(['emergency', 'high', 'normal', 'low']).nullable(),
  temperature: z.enum(['Hot', 'Warm', 'Cold']).nullable(),
  preferredTime: z.string().nullable(),
  address: z.string().nullable(),
  summary: z.string(),
  customFields: z.record(z.string(), z.unknown()),
};

export const webhookEvents = {
  'call.started': {
    version: 1,
    summary: 'A call was answered (AI, forwarded or voicemail).',
    data: z.object({ ...callBase, startedAt: iso }),
  },
  'call.completed': {
    version: 1,
    summary:
      'A call was processed after it ended: duration, the lead it produced, and its (redacted) transcript when ' +
      "the endpoint asks for it (`includeTranscript`), else a link to it in Leadline's API.",
    data: z.object({
      ...callBase,
      status: z.string(),
      durationSeconds: z.number().int().nullable(),
      endedAt: iso.nullable(),
      leadId: id.nullable(),
      transcriptUrl: z.url(),
      transcript: z.array(z.object({ speaker: z.enum(['agent', 'caller']), text: z.string() })).optional(),
    }),
  },
  'lead.created': { version: 1, summary: 'A call produced a new lead.', data: z.object(leadFields) },
  'lead.updated': {
    version: 1,
    summary: 'A repeat caller added to their existing lead.',
    data: z.object(leadFields),
  },
  'lead.synced': {
    version: 1,
    summary: 'A lead reached one connected CRM: the record ids there and a link to open it.',
    data: z.object({
      leadId: id,
      businessId: id,
      connectionId: id,
      provider: z.string(),
      externalId: z.string().nullable(),
      externalIds: z.record(z.string(), z.string()),
      deepLink: z.string().nullable(),
    }),
  },
  'callback.updated': {
    version: 1,
    summary: 'A website callback moved on (calling, ringing, in conversation, completed, no answer, failed).',
    data: z.object({
      callbackRequestId: id,
      businessId: id,
      status: z.enum(['calling', 'ringing', 'in_conversation', 'completed', 'no_answer', 'failed']),
      leadCaptured: z.boolean().optional(),
      retryScheduled: z.boolean().optional(),
    }),
  },
  'campaign.call.completed': {
    version: 1,
    summary:
      "A campaign dial reached its outcome: the contact's number, the attempt, the outcome (from Twilio's final " +
      'status, machine detection and the lead) and the call, when one was placed.',
    data: z.object({
      campaignId: id,
      campaignName: z.string(),
      businessId: id,
      dialId: id,
      contactId: id,
      phone: z.string(),
      attempt: z.number().int(),
      outcome: z.enum([
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
      ]),
      answeredBy: z.string().nullable(),
      callId: id.nullable(),
      durationSeconds: z.number().int().nullable(),
      leadId: id.nullable(),
      willRetry: z.boolean(),
    }),
  },
  'connection.needs_reauth': {
    version: 1,
    summary: 'A CRM connection lost its grant; new leads wait until an owner reconnects it.',
    data: z.object({
      connectionId: id,
      businessId: id,
      provider: z.string(),
      externalName: z.string().nullable(),
      reason: z.string(),
    }),
  },
  'webhook.test': {
    version: 1,
    summary: 'Sent on request (`POST …/webhooks/:webhookId/test`) to check an endpoint.',
    data: z.object({ webhookId: id, businessId: id, message: z.string() }),
  },
} as const;

export type WebhookEventType = keyof typeof webhookEvents;
export type WebhookData<T extends WebhookEventType> = z.input<(typeof webhookEvents)[T]['data']>;
export const WEBHOOK_EVENT_TYPES = Object.keys(webhookEvents) as [WebhookEventType, ...WebhookEventType[]];
/** What an endpoint can subscribe to (the test event goes to whoever asks for it). */
export const SUBSCRIBABLE = WEBHOOK_EVENT_TYPES.filter((t) => t !== 'webhook.test') as [
  WebhookEventType,
  ...WebhookEventType[],
];

/** The envelope of every event, as the Standard Webhooks spec suggests. */
export const envelopeOf = <T extends WebhookEventType>(type: T) =>
  z.object({ type: z.literal(type), timestamp: iso, data: webhookEvents[type].data });

/** Checked envelope for one event; throws when `data` does not fit its type's schema (a bug, not input). */
export function buildEnvelope<T extends WebhookEventType>(type: T, data: WebhookData<T>, at = new Date()) {
  const parsed = webhookEvents[type].data.parse(data);
  return { type, timestamp: at.toISOString(), data: parsed };
}
