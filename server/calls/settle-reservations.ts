/**
 * The reservation sweep (graphile-worker cron, `calls.settle_reservations`): minutes held by a call whose
 * final Twilio status never arrived would stay held for ever, and the business would look out of minutes.
 * Each such call is settled from what Twilio says of it now (through the SDK), exactly as its final status
 * callback would have; a dial that never got its SID (the process died mid-dial) gives its minute back.
 */
import { PENDING_DIAL_PREFIX, releaseHold } from '../billing/reservations.ts';
import type { AppContext } from '../context.ts';
import { applyCallStatus } from './status.ts';

/** Longer than any call, so a live one is never asked about (Twilio's own limit is 4 hours). */
const STUCK_AFTER_MINUTES = 5 * 60;
/** A dial's row waits for its SID only as long as the REST request takes. */
const PENDING_AFTER_MINUTES = 10;
const BATCH = 100;

export async function settleStuckReservations(
  ctx: AppContext,
  opts: { stuckAfterMinutes?: number } = {},
): Promise<{ settled: number; released: number }> {
  const now = Date.now();
  let released = 0;
  const pending = await ctx.db.call.findMany({
    where: {
      twilioCallSid: { startsWith: PENDING_DIAL_PREFIX },
      createdAt: { lt: new Date(now - PENDING_AFTER_MINUTES * 60_000) },
    },
    take: BATCH,
  });
  for (const call of pending)
    await ctx.db.$transaction(async (tx) => {
      await releaseHold(tx, call);
      await tx.call.delete({ where: { id: call.id } });
      released++;
    });

  let settled = 0;
  if (!ctx.telephony) return { settled, released };
  const stuck = await ctx.db.call.findMany({
    where: {
      reservedSeconds: { gt: 0 },
      status: { in: ['queued', 'ringing', 'in_progress'] },
      updatedAt: { lt: new Date(now - (opts.stuckAfterMinutes ?? STUCK_AFTER_MINUTES) * 60_000) },
      NOT: { twilioCallSid: { startsWith: PENDING_DIAL_PREFIX } },
    },
    take: BATCH,
  });
  for (const call of stuck) {
    try {
      const t = await ctx.telephony.fetchCall(call.twilioCallSid);
      // Still live at Twilio: its own final status will settle it.
      if (
        await applyCallStatus(ctx, { CallSid: call.twilioCallSid, CallStatus: t.status, CallDuration: t.duration ?? 0 })
      )
        settled++;
    } catch (err) {
      if ((err as { status?: number }).status !== 404) {
        ctx.log.warn({ err, callId: call.id }, 'reservation sweep: Twilio did not answer for the call');
        continue;
      }
      // Twilio has no such call: nothing to charge, the hold goes back.
      await applyCallStatus(ctx, { CallSid: call.twilioCallSid, CallStatus: 'failed', CallDuration: 0 });
      settled++;
    }
  }
  return { settled, released };
}
