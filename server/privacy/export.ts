/**
 * The export of one person's data: one JSON document, its schema published in OpenAPI (the download
 * route's response). Built by the job, kept for 7 days, then deleted by the retention sweep. Recording links
 * are not stored in it: each download mints fresh short-lived ones (recording-access.ts).
 */
import { z } from 'zod';
import type { Db, Prisma } from '../db/client.ts';
import type { Subject } from '../crypto/subject-hash.ts';
import { businessListRowsForExport, listRowsForExport } from '../campaigns/lists/subject.ts';
import { findSubjectRows } from './subject-rows.ts';

export const EXPORT_FORMAT = 'leadline.subject-export/v1';
export const EXPORT_TTL_MS = 7 * 86_400_000;

const iso = z.string().describe('ISO 8601 instant');
export const exportDocument = z.object({
  format: z.literal(EXPORT_FORMAT),
  generatedAt: iso,
  business: z.object({ id: z.uuid(), name: z.string() }),
  subject: z.object({ phones: z.array(z.string()), emails: z.array(z.string()) }),
  calls: z.array(
    z.object({
      id: z.uuid(),
      direction: z.string(),
      mode: z.string(),
      from: z.string().nullable(),
      to: z.string().nullable(),
      startedAt: iso,
      endedAt: iso.nullable(),
      durationSeconds: z.number().nullable(),
      consent: z
        .object({ outcome: z.string(), method: z.string().nullable(), promptText: z.string(), askedAt: iso })
        .nullable(),
      transcript: z.array(z.object({ speaker: z.string(), text: z.string(), at: iso })),
      recording: z
        .object({
          url: z.url().describe('Short-lived link (at most 1 hour), minted for this download'),
          expiresAt: iso,
        })
        .nullable(),
      crmRecords: z.array(z.object({ provider: z.string(), kind: z.string(), externalId: z.string() })),
    }),
  ),
  leads: z.array(
    z.object({
      id: z.uuid(),
      name: z.string().nullable(),
      phone: z.string().nullable(),
      email: z.string().nullable(),
      reason: z.string().nullable(),
      service: z.string().nullable(),
      address: z.string().nullable(),
      preferredTime: z.string().nullable(),
      summary: z.string(),
      customFields: z.record(z.string(), z.unknown()),
      createdAt: iso,
      crmRecords: z.array(z.object({ provider: z.string(), kind: z.string(), externalId: z.string() })),
    }),
  ),
  callbackRequests: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      phone: z.string(),
      reason: z.string().nullable(),
      consentCall: z.boolean(),
      consentSms: z.boolean(),
      status: z.string(),
      origin: z.string().nullable(),
      ip: z.string().nullable(),
      createdAt: iso,
    }),
  ),
  smsConsent: z.array(
    z.object({ phone: z.string(), event: z.string(), source: z.string(), wording: z.string().nullable(), at: iso }),
  ),
  smsOptedOut: z.array(z.string()).describe('Numbers of the person that texted STOP'),
  listContacts: z
    .array(
      z.object({
        list: z.string(),
        row: z.number().int(),
        phone: z.string(),
        name: z.string().nullable(),
        email: z.string().nullable(),
        company: z.string().nullable(),
        notes: z.string().nullable(),
        fields: z.record(z.string(), z.string()),
        consentBasis: z.string(),
        timeZone: z.string().nullable(),
        importedAt: iso,
      }),
    )
    .describe('The person as uploaded lead lists (campaigns) hold them'),
  doNotCall: z
    .array(z.object({ phone: z.string(), source: z.string(), note: z.string().nullable(), at: iso }))
    .describe("The person's numbers on the business's do-not-call list"),
});
export type ExportDocument = z.infer<typeof exportDocument>;
/** What the job stores: the document before recording links are minted (a call's `recording` is a marker). */
export type StoredExport = Omit<ExportDocument, 'calls'> & {
  calls: (Omit<ExportDocument['calls'][number], 'recording'> & { hasRecording: boolean })[];
};

export async function buildExport(db: Db, businessId: string, subject: Subject): Promise<StoredExport> {
  const business = await db.business.findUniqueOrThrow({ where: { id: businessId } });
  const rows = await findSubjectRows(db, businessId, subject, business.country);
  return assemble(
    db,
    business,
    { phones: rows.phones, emails: rows.emails },
    {
      calls: { id: { in: rows.callIds } },
      leads: { id: { in: rows.leadIds } },
      callbacks: { id: { in: rows.callbackIds } },
      consent: { phone: { in: rows.phones }, OR: [{ businessId }, { businessId: null }] },
      optOuts: { phone: { in: rows.phones } },
      ledger: { businessId, localId: { in: [...rows.leadIds, ...rows.callIds] }, NOT: { externalId: 'sent' } },
      lists: () => listRowsForExport(db, businessId, rows),
    },
  );
}

/**
 * Everything the business holds, in the same document (its `subject` lists empty): offered to the owner
 * when the business closes (closure-export.ts). Opt-outs are the ones of numbers its leads and callback
 * requests used (the opt-out list is the service's, not the business's).
 */
export async function buildBusinessExport(db: Db, businessId: string): Promise<StoredExport> {
  const business = await db.business.findUniqueOrThrow({ where: { id: businessId } });
  const phones = await db.$queryRaw<{ phone: string }[]>`
    select "phone" from "Lead" where "businessId" = ${businessId}::uuid and "phone" is not null
    union select "phone" from "CallbackRequest" where "businessId" = ${businessId}::uuid`;
  return assemble(
    db,
    business,
    { phones: [], emails: [] },
    {
      calls: { businessId },
      leads: { businessId },
      callbacks: { businessId },
      consent: { businessId },
      optOuts: { phone: { in: phones.map((p) => p.phone) } },
      ledger: { businessId, NOT: { externalId: 'sent' } },
      lists: () => businessListRowsForExport(db, businessId),
    },
  );
}

interface ExportScope {
  calls: Prisma.CallWhereInput;
  leads: Prisma.LeadWhereInput;
  callbacks: Prisma.CallbackRequestWhereInput;
  consent: Prisma.SmsConsentRecordWhereInput;
  optOuts: Prisma.SmsOptOutWhereInput;
  ledger: Prisma.SyncLedgerEntryWhereInput;
  /** The person's (or the business's) rows in lead lists and do-not-call lists */
  lists: () => ReturnType<typeof listRowsForExport>;
}

async function assemble(
  db: Db,
  business: { id: string; name: string },
  subject: StoredExport['subject'],
  where: ExportScope,
): Promise<StoredExport> {
  const [calls, leads, callbacks, consent, optOuts, ledger, lists] = await Promise.all([
    db.call.findMany({
      where: where.calls,
      include: { consent: true, segments: { orderBy: { seq: 'asc' } } },
      orderBy: { startedAt: 'asc' },
    }),
    db.lead.findMany({ where: where.leads, orderBy: { createdAt: 'asc' } }),
    db.callbackRequest.findMany({ where: where.callbacks, orderBy: { createdAt: 'asc' } }),
    db.smsConsentRecord.findMany({ where: where.consent, orderBy: { createdAt: 'asc' } }),
    db.smsOptOut.findMany({ where: where.optOuts }),
    db.syncLedgerEntry.findMany({
      where: where.ledger,
      include: { connection: { select: { provider: true } } },
    }),
    where.lists(),
  ]);
  // Grouped once: a whole business's export has as many ledger rows as records.
  const crm = new Map<string, { provider: string; kind: string; externalId: string }[]>();
  for (const e of ledger)
    crm.set(e.localId, [
      ...(crm.get(e.localId) ?? []),
      { provider: e.connection.provider, kind: e.kind, externalId: e.externalId },
    ]);
  const crmRecordsOf = (localId: string) => crm.get(localId) ?? [];
  return {
    format: EXPORT_FORMAT,
    generatedAt: new Date().toISOString(),
    business: { id: business.id, name: business.name },
    subject,
    calls: calls.map((c) => ({
      id: c.id,
      direction: c.direction,
      mode: c.mode,
      from: c.from,
      to: c.to,
      startedAt: c.startedAt.toISOString(),
      endedAt: c.endedAt?.toISOString() ?? null,
      durationSeconds: c.durationSeconds,
      consent: c.consent
        ? {
            outcome: c.consent.outcome,
            method: c.consent.method,
            promptText: c.consent.promptText,
            askedAt: c.consent.askedAt.toISOString(),
          }
        : null,
      transcript: c.segments.map((s) => ({ speaker: s.speaker, text: s.text, at: s.at.toISOString() })),
      hasRecording: Boolean(c.recordingSid),
      crmRecords: crmRecordsOf(c.id),
    })),
    leads: leads.map((l) => ({
      id: l.id,
      name: l.name,
      phone: l.phone,
      email: l.email,
      reason: l.reason,
      service: l.service,
      address: l.address,
      preferredTime: l.preferredTime,
      summary: l.summary,
      customFields: (l.customFields ?? {}) as Record<string, unknown>,
      createdAt: l.createdAt.toISOString(),
      crmRecords: crmRecordsOf(l.id),
    })),
    callbackRequests: callbacks.map((r) => ({
      id: r.id,
      name: r.name,
      phone: r.phone,
      reason: r.reason,
      consentCall: r.consentCall,
      consentSms: r.consentSms,
      status: r.status,
      origin: r.origin,
      ip: r.ip,
      createdAt: r.createdAt.toISOString(),
    })),
    smsConsent: consent.map((r) => ({
      phone: r.phone,
      event: r.event,
      source: r.source,
      wording: r.wording,
      at: r.createdAt.toISOString(),
    })),
    smsOptedOut: optOuts.map((o) => o.phone),
    ...lists,
  };
}
