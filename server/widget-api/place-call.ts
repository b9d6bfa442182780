import { randomUUID } from 'node:crypto';
import { authorizeDial, reserveSeconds } from '../billing/dial-guard.ts';
import { HOLD_SECONDS, PENDING_DIAL_PREFIX, releaseHold } from '../billing/reservations.ts';
import type { AppContext } from '../context.ts';
import { recordCallbackProgress } from './progress.ts';
import { widgetSettingsOf } from './settings.ts';

export interface PlaceOutcome {
  placed: boolean;
  /** Why no call was placed (and the callback failed), or why the job did nothing. */
  reason?: string;
}

/** Twilio's 4xx answers (invalid number, geo permissions) will not change on a retry; 5xx and network errors may. */
export function isPermanentTwilioError(err: unknown): boolean {
  const status = (err as { status?: unknown })?.status;
  return typeof status === 'number' && status >= 400 && status < 500 && status !== 429;
}

/**
 * One attempt of a callback: the outbound call from the business's first number to the visitor, whose
 * answer webhook (/twilio/voice?callbackRequestId=…) puts it through the same receptionist pipeline.
 * Idempotent against re-delivery: only a queued callback, or one waiting for its retry, is dialled.
 */
export async function placeCallback(
  ctx: AppContext,
  callbackRequestId: string,
  opts: { lastAttempt: boolean },
): Promise<PlaceOutcome> {
  const cb = await ctx.db.callbackRequest.findUnique({
    where: { id: callbackRequestId },
    include: {
      business: { include: { numbers: { orderBy: { createdAt: 'asc' }, take: 1 } } },
      events: { orderBy: { id: 'desc' }, take: 1 },
    },
  });
  if (!cb) return { placed: false, reason: 'callback request not found' };
  const waitingForRetry =
    cb.status === 'no_answer' && (cb.events[0]?.data as { retryScheduled?: boolean } | null)?.retryScheduled === true;
  if (cb.status !== 'queued' && !waitingForRetry) return { placed: false, reason: `callback is ${cb.status}` };

  const fail = async (reason: string) => {
    await ctx.db.$transaction((tx) => recordCallbackProgress(tx, cb.id, { status: 'failed', reason }));
    return { placed: false, reason };
  };
  if (!ctx.telephony) return fail('calling is not configured');
  const from = cb.business.numbers[0]?.e164;
  if (!from) return fail('the business has no phone number');
  if (!cb.business.active) return fail('the business is not active');
  const billing = { graceDays: ctx.config.BILLING_GRACE_DAYS, billingOn: Boolean(ctx.config.STRIPE_SECRET_KEY) };
  const settings = widgetSettingsOf(cb.business.widgetSettings, cb.business.country);
  // Checked again at dial time, not only when the request came in: caps, balance and settings move.
  const guard = await authorizeDial(
    ctx.db,
    {
      businessId: cb.businessId,
      to: cb.phone,
      kind: 'callback',
      allowedCountries: settings.allowedCountries,
      maxMinutes: 1,
    },
    billing,
  );
  if (!guard.ok) return fail(guard.reason);

  // The minute is held before the dial, on a Call row the dial's SID is written to afterwards; the answer
  // webhook finds the hold there and takes no second one. A row left 'pending:' (the process died between
  // the two) is released by the reservation sweep.
  const pending = await ctx.db.$transaction(async (tx) => {
    const held = await reserveSeconds(tx, cb.businessId, HOLD_SECONDS);
    if (!held) return null;
    return tx.call.create({
      data: {
        businessId: cb.businessId,
        twilioCallSid: `${PENDING_DIAL_PREFIX}${randomUUID()}`,
        direction: 'outbound',
        status: 'queued',
        from,
        to: cb.phone,
        callbackRequestId: cb.id,
        reservedSeconds: held,
      },
    });
  });
  if (!pending) return fail('the business has no minutes left');
  const release = () =>
    ctx.db.$transaction(async (tx) => {
      await releaseHold(tx, pending);
      await tx.call.delete({ where: { id: pending.id } });
    });

  const base = ctx.config.PUBLIC_BASE_URL;
  let sid: string;
  try {
    ({ sid } = await ctx.telephony.createCall({
      from,
      to: cb.phone,
      url: `${base}/twilio/voice?callbackRequestId=${cb.id}`,
      statusCallback: `${base}/twilio/status`,
    }));
  } catch (err) {
    await release();
    if (isPermanentTwilioError(err) || opts.lastAttempt) {
      ctx.log.warn({ err, callbackRequestId: cb.id }, 'callback call could not be placed');
      return fail('the call could not be placed');
    }
    throw err; // transient: graphile-worker retries the job with backoff
  }

  await ctx.db.$transaction(async (tx) => {
    await tx.call.update({ where: { id: pending.id }, data: { twilioCallSid: sid } });
    await tx.callbackRequest.update({ where: { id: cb.id }, data: { attempts: { increment: 1 } } });
    await recordCallbackProgress(tx, cb.id, { status: 'calling' });
  });
  return { placed: true };
}
