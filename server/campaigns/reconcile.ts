/**
 * Dials left `recorded` (a worker killed between recording the dial and writing Twilio's answer, or a
 * create whose answer was lost). Each callback names its dial, so most are settled by their first status
 * callback (adoptSid); for the rest Twilio is asked for calls from the campaign's number to the contact's
 * since the dial was recorded. Found: adopted. None: the dial never reached Twilio and is abandoned (its
 * minute released); the attempt is spent, never dialled again.
 */
import type { AppContext } from '../context.ts';
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
