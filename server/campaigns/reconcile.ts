/**
 * Dials left `recorded` (a worker killed between recording the dial and writing Twilio's answer, or a
 * create whose answer was lost). Each callback names its dial, so most are settled by their first status
 * callback (adoptSid); for the rest Twilio is asked for calls from the campaign's number to the contact's
 * since the dial was recorded. Found: adopted. None: the dial never reached Twilio and is abandoned (its
 * minute released); the attempt is spent, never dialled again.
 */
import type { AppContext } from '../context.ts';
import { completeDial } from './complete.ts';
import { abandonDial, adoptSid } from './dial.ts';

/** Longer than a create request takes (the SDK's retries included), so a live dial is never second-guessed. */
export const RECONCILE_AFTER_MS = 2 * 60_000;
const BATCH = 100;

export async function reconcileDials(
  ctx: AppContext,
  opts: { now?: Date; afterMs?: number } = {},
): Promise<{ adopted: number; abandoned: number }> {
  const now = opts.now ?? new Date();
  let adopted = 0;
  let abandoned = 0;
  if (!ctx.telephony) return { adopted, abandoned };
  const stale = await ctx.db.campaignDial.findMany({
    where: { status: 'recorded', createdAt: { lt: new Date(now.getTime() - (opts.afterMs ?? RECONCILE_AFTER_MS)) } },
    include: { campaign: { select: { callerId: true } }, target: { select: { phone: true } } },
    orderBy: { createdAt: 'asc' },
    take: BATCH,
  });
  for (const d of stale) {
    const found = await ctx.telephony.findCalls({
      to: d.target.phone,
      from: d.campaign.callerId,
      // A minute's margin for clocks; a target has one dial in flight at a time, so a call in this range is this dial's.
      startedAfter: new Date(d.createdAt.getTime() - 60_000),
    });
    const known = await ctx.db.campaignDial.findMany({
      where: { twilioCallSid: { in: found.map((f) => f.sid) } },
      select: { twilioCallSid: true },
    });
    const ours = found.filter((f) => !known.some((k) => k.twilioCallSid === f.sid));
    if (ours.length) {
      if (await adoptSid(ctx.db, d.id, ours[0]!.sid)) adopted++;
      continue;
    }
    await abandonDial(ctx, d.id, 'failed', 'never reached Twilio (the dialling worker stopped)');
    abandoned++;
  }
  return { adopted, abandoned };
}

/** Twilio's spelling of a stored call status. */
const TWILIO_STATUS: Record<string, string> = { no_answer: 'no-answer' };

/**
 * Placed dials whose call has ended without the campaign hearing it (the final status callback was lost
 * and the reservation sweep settled the call from Twilio instead): the dial is completed from the call.
 */
export async function completeEndedDials(ctx: AppContext): Promise<number> {
  const ended = await ctx.db.$queryRaw<{ id: string; status: string; duration: number | null }[]>`
    select d."id", k."status"::text as "status", k."durationSeconds" as "duration"
    from "CampaignDial" d join "Call" k on k."id" = d."callId"
    where d."status" = 'placed' and d."seconds" is null and d."outcome" is null and k."endedAt" is not null
    limit ${BATCH}`;
  for (const d of ended)
    await completeDial(ctx, d.id, { status: TWILIO_STATUS[d.status] ?? d.status, duration: d.duration ?? 0 });
  return ended.length;
}
