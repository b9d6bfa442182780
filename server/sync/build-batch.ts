/**
 * Reads what one batch needs from the database and builds the SyncWork list: one work per pending call of
 * each claimed lead (a lead with no pending call is one work with `call: null`).
 */
import type { SyncWork } from '../../connectors/types.ts';
import type { AppContext } from '../context.ts';
import { recordingPlayable, signedRecordingUrl } from '../calls/recording-link.ts';
import { claimedVersionOf, type ClaimedRecord } from './claimed-record.ts';
import { businessPayload, callPayload, leadPayload, workKey } from './payloads.ts';

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

export async function buildBatch(
  ctx: AppContext,
  conn: { id: string; businessId: string },
  leads: ClaimedRecord[],
): Promise<Batch> {
  const { db, config } = ctx;
  const leadIds = leads.map((r) => r.localId);
  const [business, leadRows, calls] = await Promise.all([
    db.business.findUniqueOrThrow({ where: { id: conn.businessId } }),
    db.lead.findMany({ where: { businessId: conn.businessId, id: { in: leadIds } } }),
    db.call.findMany({
      where: { businessId: conn.businessId, leadId: { in: leadIds } },
      select: { id: true, leadId: true },
    }),
  ]);
  const callRecs = calls.length
    ? await db.syncRecord
        .findMany({
          where: { connectionId: conn.id, kind: 'call', status: 'pending', localId: { in: calls.map((c) => c.id) } },
          select: { id: true, localId: true, attempts: true, updatedAt: true },
        })
        .then((rows) =>
          rows.map((r) => ({
            id: r.id,
            localId: r.localId,
            attempts: r.attempts,
            claimedVersion: claimedVersionOf(r.updatedAt),
          })),
        )
    : [];
  const fullCalls = callRecs.length
    ? await db.call.findMany({
        where: { id: { in: callRecs.map((r) => r.localId) } },
        include: {
          segments: { orderBy: { seq: 'asc' }, select: { speaker: true, text: true } },
          consent: { select: { outcome: true } },
        },
      })
    : [];
  const callById = new Map(fullCalls.map((c) => [c.id, c]));
  const callRecsByLead = new Map<string, typeof callRecs>();
  for (const r of callRecs) {
    const leadId = callById.get(r.localId)?.leadId;
    if (leadId) callRecsByLead.set(leadId, [...(callRecsByLead.get(leadId) ?? []), r]);
  }

  const leadById = new Map(leadRows.map((l) => [l.id, l]));
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
      const recordingUrl = recordingPlayable(c)
        ? signedRecordingUrl(config.PUBLIC_BASE_URL, config.jwtSecret, c.id)
        : null;
      const key = workKey(lead.id, c.id);
      batch.works.push({ key, lead: payload, call: callPayload(c, c.segments, recordingUrl), business: biz });
      batch.records.set(key, { lead: rec, call: callRec });
    }
  }
  return batch;
}
