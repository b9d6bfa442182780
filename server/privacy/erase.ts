/**
 * Erasure of one person, in steps that each finish or are retried on their own (the request's `systems`):
 *
 * 1. `database` — one transaction: find the person's rows, note the ids later steps need (calls' Twilio
 *    sids, lead and call ids), write the tombstone, delete calls (transcripts, consent), leads, callback
 *    requests, SMS consent, their sync status, mail, rate-limit keys, audit entries and stored exports that
 *    name them, lead-list contacts (do-not-call rows stay, as keyed hashes). A call under legal hold, and
 *    its lead, are kept (the request says so).
 * 2. `twilio` — every recording of those calls, at Twilio.
 * 3. one step per connected CRM — under the connection's sync lease, so a push of the same person that is
 *    in flight finishes first and its ids are in the ledger; then the connector's `erase` and the ledger
 *    rows. A connector without erasure reports `unsupported` (its ledger rows still go).
 */
import type { ErasureRecord } from '../../connectors/types.ts';
import { ConnectorError } from '../../connectors/types.ts';
import { eraseListRows } from '../campaigns/lists/subject.ts';
import type { AppContext } from '../context.ts';
import { subjectHash, type Subject } from '../crypto/subject-hash.ts';
import { acquireLease } from '../sync/lease.ts';
import { findConnector, findManifest } from '../sync/registry.ts';
import { syncContextFor } from '../sync/sync-context.ts';
import { findSubjectRows, ledgerWhere, type SubjectRows } from './subject-rows.ts';

export type StepState = { state: 'pending' | 'done' | 'failed' | 'unsupported'; detail?: string };
export type Systems = Record<string, StepState>;

export interface ErasureScope extends SubjectRows {
  recordings: { callSid: string; recordingSid: string | null }[];
  heldCalls: number;
}

const like = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function eraseFromDatabase(
  ctx: AppContext,
  req: { id: string; businessId: string; requestedBy: string | null },
  subject: Subject,
): Promise<ErasureScope> {
  const secret = ctx.config.jwtSecret;
  return ctx.db.$transaction(
    async (tx) => {
      const b = await tx.business.findUniqueOrThrow({ where: { id: req.businessId } });
      const rows = await findSubjectRows(tx, req.businessId, subject, b.country);
      const held = await tx.call.findMany({
        where: { id: { in: rows.callIds }, legalHold: true },
        select: { id: true, leadId: true },
      });
      const heldIds = new Set(held.map((c) => c.id));
      const heldLeads = new Set(held.map((c) => c.leadId).filter(Boolean));
      const callIds = rows.callIds.filter((id) => !heldIds.has(id));
      const leadIds = rows.leadIds.filter((id) => !heldLeads.has(id));
      const recordings = (
        await tx.call.findMany({ where: { id: { in: callIds } }, select: { twilioCallSid: true, recordingSid: true } })
      ).map((c) => ({ callSid: c.twilioCallSid, recordingSid: c.recordingSid }));

      const hashes = [
        ...rows.phones.map((p) => ({ h: subjectHash(secret, 'phone', p), phone: p })),
        ...rows.emails.map((e) => ({ h: subjectHash(secret, 'email', e), phone: null })),
      ];
      const optedOut = new Set(
        (await tx.smsOptOut.findMany({ where: { phone: { in: rows.phones } } })).map((o) => o.phone),
      );
      for (const { h, phone } of hashes)
        await tx.erasureTombstone.create({
          data: {
            businessId: req.businessId,
            subjectHash: h,
            requestId: req.id,
            requestedBy: req.requestedBy,
            // The opt-out outlives the person's data: texting them again stays impossible.
            smsOptOut: phone ? optedOut.has(phone) : false,
          },
        });

      const localIds = [...leadIds, ...callIds];
      await tx.syncRecord.deleteMany({ where: { businessId: req.businessId, localId: { in: localIds } } });
      await tx.call.deleteMany({ where: { id: { in: callIds } } });
      await tx.lead.deleteMany({ where: { id: { in: leadIds } } });
      await tx.callbackRequest.deleteMany({ where: { id: { in: rows.callbackIds } } });
      await tx.smsConsentRecord.deleteMany({ where: { phone: { in: rows.phones } } });
      await tx.smsOptOut.deleteMany({ where: { phone: { in: rows.phones } } });
      // Lead-list contacts go; do-not-call rows stay as keyed hashes (they are why the person is not called).
      await eraseListRows(tx, req.businessId, rows, secret);
      // Free text that may name them: mail, rate-limit keys, audit entries, other requests' stored exports.
      for (const needle of [...rows.phones, ...rows.emails]) {
        const l = like(needle);
        await tx.$executeRaw`delete from "OutboxEmail" where "to" ilike ${l} or "subject" ilike ${l} or "text" ilike ${l} or coalesce("html", '') ilike ${l}`;
        await tx.$executeRaw`delete from "RateWindow" where "key" like ${l}`;
        await tx.$executeRaw`delete from "AuditLog" where "businessId" = ${req.businessId}::uuid and ("meta"::text ilike ${l} or coalesce("target", '') ilike ${l})`;
      }
      // Outgoing webhook events carry lead data; one that names them (or their lead and call ids) goes, with
      // its deliveries and their log, whether it was sent or is still waiting to be.
      const mentions = [...rows.phones, ...rows.emails, ...localIds].map(like);
      if (mentions.length)
        await tx.$executeRaw`delete from "WebhookEvent" where "businessId" = ${req.businessId}::uuid
          and "payload"::text ilike any(${mentions}::text[])`;
      const hs = hashes.map((x) => x.h);
      await tx.$executeRaw`update "PrivacyRequest" set "exportJson" = null
        where "businessId" = ${req.businessId}::uuid and "id" <> ${req.id}::uuid
          and ("phoneHash" = any(${hs}::text[]) or "emailHash" = any(${hs}::text[]))`;
      return { ...rows, callIds, leadIds, recordings, heldCalls: held.length };
    },
    { timeout: 30_000 },
  );
}

export async function eraseAtTwilio(ctx: AppContext, scope: ErasureScope): Promise<StepState> {
  if (!scope.recordings.length) return { state: 'done', detail: 'no recordings' };
  if (!ctx.telephony) return { state: 'failed', detail: 'Twilio is not configured here' };
  let n = 0;
  for (const r of scope.recordings) {
    const sids = new Set([
      ...(r.recordingSid ? [r.recordingSid] : []),
      ...(await ctx.telephony.listRecordings(r.callSid)),
    ]);
    for (const sid of sids) await ctx.telephony.deleteRecording(sid);
    n += sids.size;
  }
  return { state: 'done', detail: `${n} recording(s) deleted` };
}

/** One connection's step. `pending` = try again later (a push holds the lease, or the CRM failed transiently). */
export async function eraseInCrm(ctx: AppContext, connectionId: string, scope: ErasureScope): Promise<StepState> {
  const conn = await ctx.db.connection.findUnique({ where: { id: connectionId } });
  if (!conn) return { state: 'done', detail: 'connection removed' };
  // First the connection's lease: a push that is sending this person right now finishes (and writes the ids
  // it got into the ledger) before we look, and no push starts while we erase.
  const lease = await acquireLease(ctx.db, conn.id);
  if (!lease) return { state: 'pending', detail: 'waiting for a sync in progress to finish' };
  try {
    const where = ledgerWhere(conn.id, scope);
    const entries = await ctx.db.$queryRaw<ErasureRecord[]>`
      select "kind", "localId", "externalId" from "SyncLedgerEntry" where ${where}`;
    const dropLedger = () => ctx.db.$executeRaw`delete from "SyncLedgerEntry" where ${where}`;
    const manifest = findManifest(ctx, conn.provider);
    if (manifest?.erasure.supported === false) {
      await dropLedger();
      return { state: 'unsupported', detail: manifest.erasure.reason };
    }
    const records = entries.filter((e) => e.externalId !== 'sent');
    if (!records.length) {
      await dropLedger();
      return { state: 'done', detail: 'nothing of theirs was sent' };
    }
    const connector = findConnector(ctx, conn.provider);
    if (!connector?.erase) return { state: 'failed', detail: `${conn.provider} is not configured here` };
    if (conn.status !== 'active' || !conn.accessTokenEnc)
      return { state: 'failed', detail: `the ${conn.provider} connection is ${conn.status}: reconnect it to erase` };
    const sctx = syncContextFor(ctx, conn, undefined, lease);
    const result = await connector.erase(sctx, records);
    await sctx.flush();
    await dropLedger();
    const what = Object.entries(result.deleted).map(([k, v]) => `${v} ${k}`);
    return { state: 'done', detail: `deleted ${what.join(', ') || 'nothing'}` };
  } catch (e) {
    const err = e instanceof ConnectorError ? e : new ConnectorError('transient', String(e));
    if (err.kind === 'transient') return { state: 'pending', detail: `will retry: ${err.message.slice(0, 300)}` };
    return { state: 'failed', detail: err.message.slice(0, 300) };
  } finally {
    await lease.end({ handBack: true });
  }
}
