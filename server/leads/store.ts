import type { Lead } from '../db/generated/client.ts';
import type { Tx } from '../db/client.ts';
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
 * One lead per person per business: matched by phone, then e-mail (a repeat caller updates their lead
 * instead of creating a second one). The row is locked while merging so concurrent calls cannot fork it.
 */
export async function upsertLead(
  tx: Tx,
  businessId: string,
  lead: ExtractedLead,
  method: string,
): Promise<{ lead: Lead; created: boolean }> {
  const match = async (col: 'phone' | 'email', value: string | null) => {
    if (!value) return null;
    const rows = await tx.$queryRawUnsafe<{ id: string }[]>(
      `select "id" from "Lead" where "businessId" = $1::uuid and "${col}" = $2 order by "createdAt" asc limit 1 for update`,
      businessId,
      value,
    );
    return rows[0]?.id ?? null;
  };
  // Serialise concurrent first calls from the same person within this business.
  await tx.$executeRaw`select pg_advisory_xact_lock(hashtext(${`lead:${businessId}:${lead.phone ?? lead.email ?? ''}`}))`;
  const id = (await match('phone', lead.phone)) ?? (await match('email', lead.email));
  if (id) {
    const existing = await tx.lead.findUniqueOrThrow({ where: { id } });
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
