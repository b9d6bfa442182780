import { randomUUID } from 'node:crypto';
import type { Tx } from '../db/client.ts';
import { buildEnvelope, type WebhookData, type WebhookEventType } from './events.ts';

/** Standard Webhooks message id: stable across retries and redeliveries, so receivers can deduplicate. */
export const newMessageId = () => `msg_${randomUUID().replace(/-/g, '')}`;

/**
 * Writes an event and one delivery per listening endpoint, inside the caller's transaction: the event
 * exists if and only if the change it describes commits (transactional outbox). One statement; when no
 * enabled endpoint of the business subscribes to the type, nothing is written at all.
 */
export async function emitWebhookEvent<T extends WebhookEventType>(
  tx: Pick<Tx, '$executeRaw'>,
  businessId: string,
  type: T,
  data: WebhookData<T>,
  opts: { endpointId?: string } = {},
): Promise<{ eventId: string; deliveries: number }> {
  const payload = JSON.stringify(buildEnvelope(type, data));
  const endpointId = opts.endpointId ?? null;
  const eventId = newMessageId();
  const deliveries = await tx.$executeRaw`
    with ep as (
      select "id" from "WebhookEndpoint"
      where "businessId" = ${businessId}::uuid and "disabledAt" is null
        and (${endpointId}::uuid is null and ${type} = any("events") or "id" = ${endpointId}::uuid)
    ), ev as (
      insert into "WebhookEvent" ("id", "businessId", "type", "payload")
      select ${eventId}, ${businessId}::uuid, ${type}, ${payload}::jsonb where exists (select 1 from ep)
      returning "id"
    )
    insert into "WebhookDelivery" ("id", "eventId", "endpointId", "businessId", "updatedAt")
    select gen_random_uuid(), ev."id", ep."id", ${businessId}::uuid, now() from ev cross join ep`;
  return { eventId, deliveries };
}
