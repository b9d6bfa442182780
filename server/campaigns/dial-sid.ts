/**
 * A recorded dial after Twilio answered (or never did): the SID adopted, or the dial abandoned with its
 * minute released. Used by the dialler, the status callbacks and reconciliation.
 */
import type { AppContext } from '../context.ts';
import { type Db, sqlOf } from '../db/client.ts';
import type { CampaignOutcome } from '../db/generated/enums.ts';
import { PENDING_DIAL_PREFIX, releaseHold } from '../billing/reservations.ts';
import { settleAttempt } from './settle.ts';

/**
 * The dial's SID, once known (the Twilio answer, or its first callback if that came first): the dial is
 * `placed` and its Call row carries the SID. Idempotent; a different SID for the same dial changes nothing.
 */
export async function adoptSid(db: Db, dialId: string, sid: string): Promise<boolean> {
  // On the pool, not Prisma: one of a dial's two statements on the dialler's hot path.
  const r = await sqlOf(db).query({
    name: 'campaign-dial-adopt-sid',
    text: `with d as (
      update "CampaignDial" set "status" = 'placed', "twilioCallSid" = $2, "updatedAt" = now()
      where "id" = $1::uuid and "status" = 'recorded' returning "callId"
    )
    update "Call" c set "twilioCallSid" = $2, "updatedAt" = now() from d
    where c."id" = d."callId" and c."twilioCallSid" like $3`,
    values: [dialId, sid, `${PENDING_DIAL_PREFIX}%`],
  });
  return (r.rowCount ?? 0) > 0;
}

/** A dial Twilio never took: the held minute back, the pending Call row gone, the attempt settled. */
export async function abandonDial(ctx: AppContext, dialId: string, outcome: CampaignOutcome, error: string) {
  await ctx.db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      select "id" from "CampaignDial" where "id" = ${dialId}::uuid and "status" = 'recorded' for update`;
    if (!rows.length) return;
    const d = await tx.campaignDial.update({ where: { id: dialId }, data: { status: 'failed', outcome, error } });
    if (d.callId) {
      const call = await tx.call.findUnique({ where: { id: d.callId } });
      if (call?.twilioCallSid.startsWith(PENDING_DIAL_PREFIX)) {
        await releaseHold(tx, call);
        await tx.call.delete({ where: { id: call.id } });
        await tx.campaignDial.update({ where: { id: dialId }, data: { callId: null } });
      }
    }
    // Spacing counts from the attempt's start, on the dialler's clock.
    await settleAttempt(tx, d.targetId, d.attempt, outcome, d.createdAt);
  });
}
