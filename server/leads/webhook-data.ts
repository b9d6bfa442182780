import type { Lead } from '../db/generated/client.ts';
import type { WebhookData } from '../webhooks/events.ts';

/** A stored lead as the `lead.created` / `lead.updated` webhook events carry it. */
export const leadWebhookData = (l: Lead, callId: string | null): WebhookData<'lead.created'> => ({
  leadId: l.id,
  businessId: l.businessId,
  callId,
  name: l.name,
  phone: l.phone,
  email: l.email,
  reason: l.reason,
  service: l.service,
  urgency: l.urgency,
  temperature: l.temperature,
  preferredTime: l.preferredTime,
  address: l.address,
  summary: l.summary,
  customFields: (l.customFields ?? {}) as Record<string, unknown>,
});
