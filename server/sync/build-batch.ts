/**
 * Reads what one batch needs from the database and builds the SyncWork list: one work per pending call of
 * each claimed lead (a lead with no pending call is one work with `call: null`).
 */
import type { SyncWork } from '../../connectors/types.ts';
import type { AppContext } from '../context.ts';
import { recordingPageUrl, recordingPlayable } from '../calls/recording-link.ts';
import { normalizeEmail, subjectHash } from '../crypto/subject-hash.ts';
import { Prisma } from '../db/client.ts';
import { type ClaimedRecord, CLAIMED_VERSION } from './claimed-record.ts';
import { businessPayload, callPayload, campaignPayload, leadPayload, workKey } from './payloads.ts';

export interface Batch {
  works: SyncWork[];
  /** work key → the status rows it settles (its lead row and, when it has one, its call row). */
  records: Map<string, { lead: ClaimedRecord; call: ClaimedRecord | null }>;
  /** Claimed lead rows whose lead no longer exists (deleted by retention): settled without a push. */
  orphans: ClaimedRecord[];
}

/**
 * Who a lead is, for keeping concurrent pushes apart: the lead itself, its e-mail (case-insensitive) and its
 * phone (digits only). Two leads sharing any key may resolve to the same CRM record.
 */
export function personKeys(lead: Pick<SyncWork['lead'], 'id' | 'email' | 'phone'>): string[] {
  const keys = [`lead:${lead.id}`];
  const email = lead.email?.trim().toLowerCase();
  if (email) keys.push(`email:${email}`);
  const digits = lead.phone?.replace(/\D/g, '');
  if (digits) keys.push(`phone:${digits}`);
  return keys;
}

/**
 * Leads of a person erased after the lead was made (a tombstone of its phone or e-mail is newer): never
 * pushed again, whatever retry or backfill brought them here. A lead from a later call is pushed as usual.
 */
async function erasedLeads(
  ctx: AppContext,
  businessId: string,
  leads: { id: string; phone: string | null; email: string | null; createdAt: Date }[],
): Promise<Set<string>> {
  const secret = ctx.config.jwtSecret;
  const hashesOf = (l: (typeof leads)[number]) => [
    ...(l.phone ? [subjectHash(secret, 'phone', l.phone)] : []),
    ...(l.email ? [subjectHash(secret, 'email', normalizeEmail(l.email))] : []),
  ];
  const all = leads.flatMap(hashesOf);
  if (!all.length) return new Set();
  const stones = await ctx.db.erasureTombstone.findMany({
    where: { businessId, subjectHash: { in: all } },
    select: { subjectHash: true, createdAt: true },
  });
  if (!stones.length) return new Set();
  const at = new Map(stones.map((t) => [t.subjectHash, t.createdAt]));
  return new Set(
    leads.filter((l) => hashesOf(l).some((h) => (at.get(h) ?? new Date(0)) >= l.createdAt)).map((l) => l.id),
  );
}

/** A claimed lead's call this connection has pending, with its status row (as ClaimedRecord). */
type PendingCall = ClaimedRecord & { leadId: string; dialId: string | null };

/** The leads' calls this connection has pending, with their status rows (exported for its plan's test). */
export const pendingCallsQuery = (conn: { id: string; businessId: string }, leadIds: string[]) => Prisma.sql`
  select "id", "localId", "attempts", ${CLAIMED_VERSION} as "claimedVersion", "leadId", "dialId" from (
    -- Lateral: each call's status row through the (connectionId, kind, localId) index, whatever the
    -- statistics say (a join planned on a just-filled table's guesses walked every pair: seconds).
    select r."id"::text as "id", r."localId", r."attempts", r."updatedAt", c."leadId"::text as "leadId",
           c."campaignDialId"::text as "dialId"
    from "Call" c cross join lateral (
      select "id", "localId", "attempts", "updatedAt" from "SyncRecord"
      where "connectionId" = ${conn.id}::uuid and "kind" = 'call' and "localId" = c."id"::text and "status" = 'pending'
      limit 1 -- unique per (connection, kind, localId); also keeps the planner from flattening this into a join
    ) r
    where c."businessId" = ${conn.businessId}::uuid and c."leadId" = any(${leadIds}::uuid[])
  ) x`;

export async function buildBatch(
  ctx: AppContext,
  conn: { id: string; businessId: string },
  leads: ClaimedRecord[],
): Promise<Batch> {
  const { db, config } = ctx;
  const leadIds = leads.map((r) => r.localId);
  // Two rounds of reads, each in parallel: a backlog's batches are built while earlier ones push, and the
  // sooner they start, the sooner the first rate window is spent.
  const [business, leadRows, pendingCalls] = await Promise.all([
    db.business.findUniqueOrThrow({ where: { id: conn.businessId } }),
    db.lead.findMany({ where: { businessId: conn.businessId, id: { in: leadIds } } }),
    db.$queryRaw<PendingCall[]>(pendingCallsQuery(conn, leadIds)),
  ]);
  const dialIds = pendingCalls.flatMap((c) => (c.dialId ? [c.dialId] : []));
  const [fullCalls, dials, erased] = await Promise.all([
    pendingCalls.length
      ? db.call.findMany({
          where: { id: { in: pendingCalls.map((r) => r.localId) } },
          include: {
            segments: { orderBy: { seq: 'asc' }, select: { speaker: true, text: true } },
            consent: { select: { outcome: true } },
          },
        })
      : [],
    // Campaign calls: the campaign's name and the dial's outcome go with the call (read only when any).
    dialIds.length
      ? db.campaignDial.findMany({
          where: { id: { in: dialIds } },
          select: { id: true, outcome: true, campaign: { select: { id: true, name: true } } },
        })
      : [],
    erasedLeads(ctx, conn.businessId, leadRows),
  ]);
  const callById = new Map(fullCalls.map((c) => [c.id, c]));
  const dialById = new Map(dials.map((d) => [d.id, d]));
  const callRecsByLead = new Map<string, ClaimedRecord[]>();
  for (const { leadId, dialId: _, ...r } of pendingCalls)
    if (callById.has(r.localId)) callRecsByLead.set(leadId, [...(callRecsByLead.get(leadId) ?? []), r]);

  const leadById = new Map(leadRows.filter((l) => !erased.has(l.id)).map((l) => [l.id, l]));
  const biz = businessPayload(business);
  const batch: Batch = { works: [], records: new Map(), orphans: [] };
  for (const rec of leads) {
    const lead = leadById.get(rec.localId);
    if (!lead) {
      batch.orphans.push(rec);
      continue;
    }
    const payload = leadPayload(lead);
    const pendingCalls = callRecsByLead.get(lead.id) ?? [];
    if (pendingCalls.length === 0) {
      batch.works.push({ key: workKey(lead.id, null), lead: payload, call: null, business: biz });
      batch.records.set(workKey(lead.id, null), { lead: rec, call: null });
      continue;
    }
    for (const callRec of pendingCalls) {
      const c = callById.get(callRec.localId)!;
      const recordingUrl = recordingPlayable(c) ? recordingPageUrl(config.PUBLIC_BASE_URL, c.id) : null;
      const key = workKey(lead.id, c.id);
      const dial = c.campaignDialId ? dialById.get(c.campaignDialId) : undefined;
      const campaign = dial ? campaignPayload(dial, c, lead) : null;
      batch.works.push({
        key,
        lead: payload,
        call: callPayload(c, c.segments, recordingUrl, campaign),
        business: biz,
      });
      batch.records.set(key, { lead: rec, call: callRec });
    }
  }
  return batch;
}
