/**
 * Closing a business: at once, it stops answering and every way in is cut (CRM grants revoked at the
 * providers, numbers in the service's Twilio account released there and every number detached, widget and
 * API keys revoked); an export of all its data is prepared and offered to the owners by e-mail
 * (closure-export.ts); its data stays for CLOSURE_GRACE_DAYS so the owner can download it or change their
 * mind, then the retention sweep deletes it (purgeDueClosures), well within 30 days of the request. A
 * business under legal hold is never purged.
 */
import { audit } from '../auth/audit.ts';
import type { AppContext } from '../context.ts';
import { randomToken } from '../crypto/secrets.ts';
import { Prisma } from '../db/client.ts';
import { conflict } from '../http/problem.ts';
import { grantOf } from '../sync/grants.ts';
import { findConnector } from '../sync/registry.ts';
import { queueClosureExport } from './closure-export.ts';
import type { StatementTimer } from './statement-timer.ts';

export interface ClosureResult {
  closingAt: Date;
  purgeAfter: Date;
  revokedGrants: string[];
  /** Every number the business had: none routes to it any more. */
  detachedNumbers: string[];
  /** Those of them released at Twilio (they were in the service's account): they stop ringing and costing. */
  releasedNumbers: string[];
  /** The privacy request whose export the owners are offered (GET …/privacy-requests/:id). */
  exportRequestId: string;
}

export async function closeBusiness(
  ctx: AppContext,
  businessId: string,
  who: { accountId: string; ip?: string | null },
): Promise<ClosureResult> {
  const b = await ctx.db.business.findUniqueOrThrow({ where: { id: businessId }, include: { connections: true } });
  if (b.closingAt) throw conflict('This business is already closing');
  const revokedGrants: string[] = [];
  for (const conn of b.connections) {
    if (!conn.accessTokenEnc) continue;
    try {
      await findConnector(ctx, conn.provider)?.oauth.revoke(grantOf(ctx.config, conn));
      revokedGrants.push(conn.provider);
    } catch (err) {
      // The tokens are deleted here whatever the provider says: we stop holding them.
      ctx.log.warn({ connectionId: conn.id, err: String(err) }, 'closure: revocation at the provider failed');
    }
  }
  const releasedNumbers = await releaseAtTwilio(ctx, businessId);
  const now = new Date();
  const purgeAfter = new Date(now.getTime() + ctx.config.CLOSURE_GRACE_DAYS * 86_400_000);
  const { detached, exportRequestId } = await ctx.db.$transaction(async (tx) => {
    const numbers = await tx.phoneNumber.findMany({ where: { businessId }, select: { e164: true } });
    await tx.phoneNumber.deleteMany({ where: { businessId } });
    // A number still in the account (not ours to release, or Twilio failed) rests in quarantine as any
    // detached number does, so its old callers do not reach another business the next day.
    const availableAt = new Date(now.getTime() + ctx.config.NUMBER_QUARANTINE_DAYS * 86_400_000);
    for (const n of numbers.filter((n) => !releasedNumbers.includes(n.e164)))
      await tx.releasedNumber.upsert({
        where: { e164: n.e164 },
        create: { e164: n.e164, fromBusinessId: businessId, availableAt },
        update: { fromBusinessId: businessId, availableAt },
      });
    await tx.connection.updateMany({
      where: { businessId },
      data: { status: 'disconnected', accessTokenEnc: null, refreshTokenEnc: null, tokenKeyId: null, expiresAt: null },
    });
    await tx.apiKey.updateMany({ where: { businessId, revokedAt: null }, data: { revokedAt: now } });
    await tx.business.update({
      where: { id: businessId },
      data: {
        active: false,
        closingAt: now,
        purgeAfter,
        // A key no page holds: the old one stops working, and nothing can guess the new one.
        widgetPublicKey: `pk_closed_${randomToken(18)}`,
        widgetOrigins: [],
      },
    });
    const exportRequestId = await queueClosureExport(tx, businessId, who.accountId);
    await audit(tx, {
      action: 'business.closed',
      accountId: who.accountId,
      businessId,
      meta: {
        purgeAfter: purgeAfter.toISOString(),
        revokedGrants,
        detachedNumbers: numbers.length,
        releasedNumbers: releasedNumbers.length,
        exportRequestId,
      },
      ip: who.ip ?? null,
    });
    return { detached: numbers.map((n) => n.e164), exportRequestId };
  });
  return { closingAt: now, purgeAfter, revokedGrants, detachedNumbers: detached, releasedNumbers, exportRequestId };
}

/**
 * Releases at Twilio each number of the business that is in the service's account (its stored sid, or,
 * for a number attached before sids were kept, looked up by number). Returns the numbers released; one
 * Twilio refuses stays in the account, detached and quarantined, and is logged for the operator.
 */
async function releaseAtTwilio(ctx: AppContext, businessId: string): Promise<string[]> {
  const telephony = ctx.telephony;
  if (!telephony) return [];
  const numbers = await ctx.db.phoneNumber.findMany({ where: { businessId }, select: { e164: true, twilioSid: true } });
  const released: string[] = [];
  for (const n of numbers) {
    try {
      const sid = n.twilioSid ?? (await telephony.findOwnedNumber(n.e164))?.sid;
      if (!sid) continue;
      await telephony.releaseNumber(sid);
      released.push(n.e164);
    } catch (err) {
      ctx.log.warn({ businessId, number: n.e164, err: String(err) }, 'closure: number not released at Twilio');
    }
  }
  return released;
}

/** Within the grace period: the business answers again once numbers, widget and CRMs are set up again. */
export async function reopenBusiness(
  ctx: AppContext,
  businessId: string,
  who: { accountId: string; ip?: string | null },
) {
  await ctx.db.$transaction(async (tx) => {
    const b = await tx.business.findUniqueOrThrow({ where: { id: businessId } });
    if (!b.closingAt) throw conflict('This business is not closing');
    await tx.business.update({ where: { id: businessId }, data: { active: true, closingAt: null, purgeAfter: null } });
    await audit(tx, { action: 'business.reopened', accountId: who.accountId, businessId, ip: who.ip ?? null });
  });
}

/**
 * Deletes the data of closed businesses whose grace period is over: recordings at Twilio first, then rows
 * in batches, then the business itself (its remaining rows cascade). Returns businesses purged. Resumable:
 * a business whose recordings cannot be deleted yet stays for the next sweep.
 */
export async function purgeDueClosures(
  ctx: AppContext,
  o: { batchSize: number; timer: StatementTimer },
): Promise<number> {
  const due = await ctx.db.$queryRaw<{ id: string }[]>`
    select "id"::text from "Business"
    where "purgeAfter" is not null and "purgeAfter" < timezone('utc', now()) and not "legalHold"
      and not exists (select 1 from "Call" c where c."businessId" = "Business"."id" and c."legalHold")`;
  let purged = 0;
  for (const { id } of due) {
    if (!(await deleteRecordingsOf(ctx, id))) continue;
    const n = o.batchSize;
    const steps = [
      Prisma.sql`delete from "TranscriptSegment" where "id" in (select "id" from "TranscriptSegment" where "businessId" = ${id}::uuid limit ${n})`,
      Prisma.sql`delete from "SyncLedgerEntry" where ("connectionId", "kind", "localId") in (select "connectionId", "kind", "localId" from "SyncLedgerEntry" where "businessId" = ${id}::uuid limit ${n})`,
      Prisma.sql`delete from "SyncRecord" where "id" in (select "id" from "SyncRecord" where "businessId" = ${id}::uuid limit ${n})`,
      Prisma.sql`delete from "Call" where "id" in (select "id" from "Call" where "businessId" = ${id}::uuid limit ${n})`,
      Prisma.sql`delete from "Lead" where "id" in (select "id" from "Lead" where "businessId" = ${id}::uuid limit ${n})`,
      Prisma.sql`delete from "CallbackRequest" where "id" in (select "id" from "CallbackRequest" where "businessId" = ${id}::uuid limit ${n})`,
      Prisma.sql`delete from "SmsConsentRecord" where "id" in (select "id" from "SmsConsentRecord" where "businessId" = ${id}::uuid limit ${n})`,
      Prisma.sql`delete from "ErasureTombstone" where "id" in (select "id" from "ErasureTombstone" where "businessId" = ${id}::uuid limit ${n})`,
    ];
    for (const stmt of steps) while ((await o.timer.time(() => ctx.db.$executeRaw(stmt))) >= n);
    await o.timer.time(() => ctx.db.business.delete({ where: { id } }));
    await audit(ctx.db, { action: 'business.purged', businessId: id });
    purged++;
  }
  return purged;
}

async function deleteRecordingsOf(ctx: AppContext, businessId: string): Promise<boolean> {
  const calls = await ctx.db.call.findMany({
    where: { businessId, recordingSid: { not: null } },
    select: { id: true, twilioCallSid: true, recordingSid: true },
  });
  for (const c of calls) {
    try {
      if (!ctx.telephony) throw new Error('Twilio is not configured');
      for (const sid of new Set([c.recordingSid!, ...(await ctx.telephony.listRecordings(c.twilioCallSid))]))
        await ctx.telephony.deleteRecording(sid);
      await ctx.db.call.update({ where: { id: c.id }, data: { recordingSid: null, recordingStatus: 'deleted' } });
    } catch (err) {
      ctx.log.warn({ businessId, err: String(err) }, 'closure purge: recordings not deleted yet; retried next sweep');
      return false;
    }
  }
  return true;
}
