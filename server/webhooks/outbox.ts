import { randomUUID } from 'node:crypto';
import type { Tx } from '../db/client.ts';
import { buildEnvelope, type WebhookData, type WebhookEventType } from './events.ts';

/** Standard Webhooks message id: stable across retries and redeliveries, so receivers can deduplicate. */
export const newMessageId = () => `msg_${randomUUID().replace(/-/g, '')}`;

export type WebhookEmit = {
  [T in WebhookEventType]: { businessId: string; type: T; data: WebhookData<T> };
}[WebhookEventType];

/**
 * Writes events and one delivery per listening endpoint, inside the caller's transaction: an event exists
 * if and only if the change it describes commits (transactional outbox). One statement for any number of
 * events; an event no enabled endpoint of its business subscribes to is not written at all. `endpointId`
 * sends to that endpoint alone, whatever it subscribes to (test events).
 */
export async function emitWebhookEvents(
  tx: Pick<Tx, '$executeRaw'>,
  events: WebhookEmit[],
  opts: { endpointId?: string } = {},
): Promise<{ eventIds: string[]; deliveries: number }> {
  if (!events.length) return { eventIds: [], deliveries: 0 };
  const ids = events.map(() => newMessageId());
  const payloads = events.map((e) => JSON.stringify(buildEnvelope(e.type, e.data as never)));
  const endpointId = opts.endpointId ?? null;
  const deliveries = await tx.$executeRaw`
    with input as (
      select * from unnest(${ids}::text[], ${events.map((e) => e.businessId)}::uuid[], ${events.map((e) => e.type)}::text[], ${payloads}::text[])
        as i("id", "businessId", "type", "payload")
    ), ep as (
      select e."id", i."id" as "eventId" from input i join "WebhookEndpoint" e
        on e."businessId" = i."businessId" and e."disabledAt" is null
       and (${endpointId}::uuid is null and i."type" = any(e."events") or e."id" = ${endpointId}::uuid)
    ), ev as (
      insert into "WebhookEvent" ("id", "businessId", "type", "payload")
      select i."id", i."businessId", i."type", i."payload"::jsonb from input i
      where exists (select 1 from ep where ep."eventId" = i."id")
      returning "id", "businessId"
    )
    insert into "WebhookDelivery" ("id", "eventId", "endpointId", "businessId", "updatedAt")
    select gen_random_uuid(), ev."id", ep."id", ev."businessId", now() from ev join ep on ep."eventId" = ev."id"`;
  return { eventIds: ids, deliveries };
}

/** One event (see emitWebhookEvents). */
export async function emitWebhookEvent<T extends WebhookEventType>(
  tx: Pick<Tx, '$executeRaw'>,
  businessId: string,
  type: T,
  data: WebhookData<T>,
  opts: { endpointId?: string } = {},
): Promise<{ eventId: string; deliveries: number }> {
  const r = await emitWebhookEvents(tx, [{ businessId, type, data } as WebhookEmit], opts);
  return { eventId: r.eventIds[0]!, deliveries: r.deliveries };
}
