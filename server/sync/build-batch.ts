/**
 * Reads what one batch needs from the database and builds the SyncWork list: one work per pending call of
 * each claimed lead (a lead with no pending call is one work with `call: null`).
 */
import { groupBy } from '../../connectors/shared/batch.ts';
import type { SyncWork } from '../../connectors/types.ts';
import type { AppContext } from '../context.ts';
import { recordingPageUrl, recordingPlayable } from '../calls/recording-link.ts';
import { normalizeEmail, subjectHash } from '../crypto/subject-hash.ts';
import { Prisma } from '../db/client.ts';
import { type ClaimedRecord, CLAIMED_VERSION } from './claimed-record.ts';
import type { Call } from '../db/generated/client.ts';
import type { TranscriptTurn } from '../leads/lead.schema.ts';
import { businessPayload, type CallFacts, callPayload, campaignPayload, leadPayload, workKey } from './payloads.ts';

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

/**
 * A claimed lead's call this connection has pending: its status row (as ClaimedRecord) and what the push needs
 * of the call — its columns, consent, campaign dial and transcript turns.
 */
type PendingCall = ClaimedRecord &
  CallFacts &
  Pick<Call, 'recordingSid' | 'requestedStart' | 'campaignDialId'> & {
    callId: string;
    leadId: string;
    consentOutcome: string | null;
    turns: TranscriptTurn[];
  };

/**
 * The leads' pending calls with everything their works need, in one statement (exported for its plan's
 * test): a backlog's builds are what its first rate window waits for, and one read with the transcript
 * aggregated here costs a fraction of reading calls, segments and consents apart and stitching them.
 */
export const pendingCallsQuery = (conn: { id: string; businessId: string }, leadIds: string[]) => Prisma.sql`
  select x.*, ${CLAIMED_VERSION} as "claimedVersion" from (
    -- Lateral: each call's status row through the (connectionId, kind, localId) index, whatever the
    -- statistics say (a join planned on a just-filled table's guesses walked every pair: seconds).
    select r."id"::text as "id", r."localId", r."attempts", r."updatedAt", c."leadId"::text as "leadId",
           c."id"::text as "callId", c."campaignDialId"::text as "campaignDialId", c."direction", c."mode",
           c."status", c."from", c."to", c."startedAt", c."answeredAt", c."endedAt", c."durationSeconds",
           c."recordingSid", c."requestedStart",
           (select k."outcome"::text from "ConsentRecord" k where k."callId" = c."id") as "consentOutcome",
           coalesce((select json_agg(json_build_object('speaker', s."speaker", 'text', s."text") order by s."seq")
                     from "TranscriptSegment" s where s."callId" = c."id"), '[]'::json) as "turns"
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
  const dialIds = pendingCalls.flatMap((c) => (c.campaignDialId ? [c.campaignDialId] : []));
  const [dials, erased] = await Promise.all([
    // Campaign calls: the campaign's name and the dial's outcome go with the call (read only when any).
    dialIds.length
      ? db.campaignDial.findMany({
          where: { id: { in: dialIds } },
          select: { id: true, outcome: true, campaign: { select: { id: true, name: true } } },
        })
      : [],
    erasedLeads(ctx, conn.businessId, leadRows),
  ]);
  const dialById = new Map(dials.map((d) => [d.id, d]));
  const callsByLead = new Map<string, PendingCall[]>();
  for (const c of pendingCalls) callsByLead.set(c.leadId, [...(callsByLead.get(c.leadId) ?? []), c]);

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
    const calls = callsByLead.get(lead.id) ?? [];
    if (calls.length === 0) {
      batch.works.push({ key: workKey(lead.id, null), lead: payload, call: null, business: biz });
      batch.records.set(workKey(lead.id, null), { lead: rec, call: null });
      continue;
    }
    for (const c of calls) {
      const { id, localId, attempts, claimedVersion } = c;
      const playable = recordingPlayable({ ...c, consent: c.consentOutcome ? { outcome: c.consentOutcome } : null });
      const recordingUrl = playable ? recordingPageUrl(config.PUBLIC_BASE_URL, c.callId) : null;
      const key = workKey(lead.id, c.callId);
      const dial = c.campaignDialId ? dialById.get(c.campaignDialId) : undefined;
      const campaign = dial ? campaignPayload(dial, c, lead) : null;
      batch.works.push({
        key,
        lead: payload,
        call: callPayload({ ...c, id: c.callId }, c.turns, recordingUrl, campaign),
        business: biz,
      });
      batch.records.set(key, { lead: rec, call: { id, localId, attempts, claimedVersion } });
    }
  }
  return batch;
}

/**
 * Drops from the batch every lead that shares a person with a running batch (recording its record id in
 * `heldBack`), and returns the rest with the people it covers.
 */
export function holdBackConflicts(
  batch: Batch,
  taken: Set<string>,
  heldBack: Set<string>,
): Batch & { people: string[] } {
  const people = new Set<string>();
  const kept: Batch & { people: string[] } = { works: [], records: new Map(), orphans: batch.orphans, people: [] };
  const byLead = groupBy(batch.works, (w) => w.lead.id);
  for (const [, works] of byLead) {
    const who = personKeys(works[0]!.lead);
    const rec = batch.records.get(works[0]!.key)!;
    if (who.some((k) => taken.has(k))) {
      heldBack.add(rec.lead.id);
      continue;
    }
    for (const k of who) people.add(k);
    for (const w of works) {
      kept.works.push(w);
      kept.records.set(w.key, batch.records.get(w.key)!);
    }
  }
  kept.people = [...people];
  return kept;
}
