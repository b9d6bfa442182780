import type { Lead } from '../db/generated/client.ts';
import type { Tx } from '../db/client.ts';
import { keepVerifiedIdentity, withoutClaimedIdentity } from './identity.ts';
import type { ExtractedLead } from './lead.schema.ts';

/** What a later call adds to an existing lead: new non-empty facts win, empty ones never erase. */
export function mergeLead(existing: Lead, next: ExtractedLead): Partial<Lead> {
  const pick = <K extends keyof ExtractedLead & keyof Lead>(k: K) =>
    next[k] !== null && next[k] !== undefined && next[k] !== '' ? { [k]: next[k] } : {};
  return {
    ...pick('name'),
    ...pick('phone'),
    ...pick('email'),
    ...pick('reason'),
    ...pick('service'),
    ...pick('urgency'),
    ...pick('temperature'),
    ...pick('preferredTime'),
    ...(next.preferredTime ? { preferredTimeDateOnly: next.preferredTimeDateOnly } : {}),
    ...pick('address'),
    ...(next.summary ? { summary: next.summary } : {}),
    customFields: { ...(existing.customFields as Record<string, string>), ...next.customFields },
  } as Partial<Lead>;
}

/**
 * One lead per person per business: matched by the caller ID (verified by the phone network), then by a
 * spoken number or e-mail (a repeat caller updates their lead instead of creating a second one). A spoken
 * match is taken only when that lead was reached from this caller ID before; otherwise the call gets its
 * own lead, flagged (identity.ts). The row is locked while merging so concurrent calls cannot fork it.
 */
export async function upsertLead(
  tx: Tx,
  businessId: string,
  input: ExtractedLead,
  method: string,
  /** The number the phone network connected (E.164), or null when withheld. */
  callerId: string | null = null,
): Promise<{ lead: Lead; created: boolean }> {
  let lead = input;
  const match = async (col: 'phone' | 'email', value: string | null) => {
    if (!value) return null;
    const rows = await tx.$queryRawUnsafe<{ id: string }[]>(
      `select "id" from "Lead" where "businessId" = $1::uuid and "${col}" = $2 order by "createdAt" asc limit 1 for update`,
      businessId,
      value,
    );
    return rows[0]?.id ?? null;
  };
  // A lead this caller ID reached: its number, or one of its calls came from (or was dialled to) it.
  const reached = async (leadId: string) =>
    Boolean(callerId) &&
    (await tx.call.count({
      where: {
        leadId,
        OR: [
          { direction: 'inbound', from: callerId },
          { direction: 'outbound', to: callerId },
        ],
      },
    })) > 0;
  // Serialise concurrent first calls from the same person within this business.
  await tx.$executeRaw`select pg_advisory_xact_lock(hashtext(${`lead:${businessId}:${callerId ?? lead.phone ?? lead.email ?? ''}`}))`;
  let id = callerId ? await match('phone', callerId) : null;
  const byPhone = lead.phone !== callerId ? await match('phone', lead.phone) : null;
  const byEmail = await match('email', lead.email);
  for (const found of [byPhone, byEmail]) if (!id && found && (await reached(found))) id = found;
  // Whatever is left pointing at another lead is a claim on someone else's identity: not carried over.
  if (byPhone && byPhone !== id) lead = withoutClaimedIdentity(lead, 'phone', callerId);
  if (byEmail && byEmail !== id) lead = withoutClaimedIdentity(lead, 'email', callerId);
  if (id) {
    const existing = await tx.lead.findUniqueOrThrow({ where: { id } });
    lead = keepVerifiedIdentity(existing, lead);
    return {
      lead: await tx.lead.update({
        where: { id },
        data: { ...mergeLead(existing, lead), extractionMethod: method } as never,
      }),
      created: false,
    };
  }
  const created = await tx.lead.create({
    data: {
      businessId,
      name: lead.name,
      phone: lead.phone,
      email: lead.email,
      reason: lead.reason,
      service: lead.service,
      urgency: lead.urgency,
      temperature: lead.temperature,
      preferredTime: lead.preferredTime,
      preferredTimeDateOnly: lead.preferredTimeDateOnly,
      address: lead.address,
      summary: lead.summary,
      customFields: lead.customFields,
      extractionMethod: method,
    },
  });
  return { lead: created, created: true };
}
