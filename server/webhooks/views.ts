import { z } from 'zod';
import type { WebhookAttempt, WebhookDelivery, WebhookEndpoint } from '../db/generated/client.ts';
import { SUBSCRIBABLE } from './events.ts';

/** What the API shows of an endpoint: never a secret. */
export const endpointView = (e: WebhookEndpoint) => ({
  id: e.id,
  url: e.url,
  description: e.description,
  events: e.events,
  includeTranscript: e.includeTranscript,
  enabled: e.disabledAt === null,
  disabledAt: e.disabledAt?.toISOString() ?? null,
  disabledReason: e.disabledReason,
  failingSince: e.failingSince?.toISOString() ?? null,
  createdAt: e.createdAt.toISOString(),
});

export const endpointSchema = z.object({
  id: z.uuid(),
  url: z.string(),
  description: z.string().nullable(),
  events: z.array(z.enum(SUBSCRIBABLE)),
  includeTranscript: z.boolean(),
  enabled: z.boolean(),
  disabledAt: z.string().nullable(),
  disabledReason: z.string().nullable(),
  failingSince: z.string().nullable(),
  createdAt: z.string(),
});

type AttemptRow = WebhookAttempt & { delivery: WebhookDelivery & { event: { type: string } } };

/** One line of the delivery log: one request (or one refused before it left). */
export const attemptView = (a: AttemptRow) => ({
  id: a.id,
  deliveryId: a.deliveryId,
  eventId: a.delivery.eventId,
  eventType: a.delivery.event.type,
  attempt: a.attempt,
  status: a.ok ? ('succeeded' as const) : ('failed' as const),
  deliveryStatus: a.delivery.status as 'pending' | 'delivered' | 'failed',
  responseStatus: a.responseStatus,
  responseBody: a.responseBody,
  error: a.error,
  latencyMs: a.latencyMs,
  createdAt: a.createdAt.toISOString(),
});

export const attemptSchema = z.object({
  id: z.uuid(),
  deliveryId: z.uuid(),
  eventId: z.string(),
  eventType: z.string(),
  attempt: z.number().int(),
  status: z.enum(['succeeded', 'failed']),
  deliveryStatus: z.enum(['pending', 'delivered', 'failed']),
  responseStatus: z.number().int().nullable(),
  responseBody: z.string().nullable(),
  error: z.string().nullable(),
  latencyMs: z.number().int(),
  createdAt: z.string(),
});
