/**
 * One attempt at one claimed target (`campaign.dial`). Everything that can change while a campaign runs is
 * checked here, at dial time: the campaign still running, the window, the do-not-call lists and SMS STOP,
 * the number, the business's standing and balance, the platform's caps. Then, in that same transaction,
 * the minute is held and the dial recorded (`recorded`, with its Call row) BEFORE Twilio is asked; the SID
 * is written after. A worker killed between the two leaves a `recorded` dial that reconcile.ts resolves:
 * an attempt is dialled at most once.
 */
import { randomUUID } from 'node:crypto';
import { audit } from '../auth/audit.ts';
import { mayDialOut, reserveSeconds } from '../billing/dial-guard.ts';
import { HOLD_SECONDS, PENDING_DIAL_PREFIX, releaseHold } from '../billing/reservations.ts';
import { answersWithAi, effectiveStatus } from '../billing/status.ts';
import { checkDialNumber, PLATFORM_LIMITS } from '../businesses/dial-policy.ts';
import type { AppContext } from '../context.ts';
import type { Db, Tx } from '../db/client.ts';
import type { CampaignOutcome } from '../db/generated/enums.ts';
import { hit } from '../http/rate-limit.ts';
import { dialBlockedReason } from './do-not-call.ts';
import { isInvalidNumberError } from './outcome.ts';
import { settleAttempt } from './settle.ts';
import { windowOpen } from './window.ts';

/** Campaign dials a business may start per day, whatever its plan (a runaway list is stopped here). */
export const CAMPAIGN_DIALS_PER_DAY = 20_000;

export type DialResult =
  | { kind: 'placed'; dialId: string; sid: string }
  | { kind: 'skipped'; reason: string }
  | { kind: 'finished'; outcome: CampaignOutcome; reason: string }
  | { kind: 'paused'; reason: string }
  | { kind: 'failed'; outcome: CampaignOutcome; reason: string };

/** Twilio webhook URLs of a dial; its id in each is the marker every callback and reconciliation uses. */
export const dialUrls = (base: string, dialId: string) => ({
  voice: `${base}/twilio/campaign/voice?dialId=${dialId}`,
  status: `${base}/twilio/campaign/status?dialId=${dialId}`,
  amd: `${base}/twilio/campaign/amd?dialId=${dialId}`,
});

type Checked =
  | { go: true; dialId: string; callId: string; from: string; to: string }
  | { go: false; result: DialResult };

async function pauseCampaign(tx: Tx, c: { id: string; businessId: string }, reason: string, now: Date) {
  await tx.campaign.updateMany({ where: { id: c.id, status: 'running' }, data: { status: 'paused', pausedAt: now } });
  await audit(tx, { action: 'campaign.paused', businessId: c.businessId, target: c.id, meta: { reason } });
}

const backToPending = (tx: Tx, targetId: string, nextAttemptAt?: Date) =>
  tx.campaignTarget.update({
    where: { id: targetId },
    data: { state: 'pending', ...(nextAttemptAt ? { nextAttemptAt } : {}) },
  });

async function checkAndRecord(ctx: AppContext, targetId: string, attempt: number, now: Date): Promise<Checked> {
  const billing = { graceDays: ctx.config.BILLING_GRACE_DAYS, billingOn: Boolean(ctx.config.STRIPE_SECRET_KEY) };
  return ctx.db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`
      select "id" from "CampaignTarget" where "id" = ${targetId}::uuid and "state" = 'dialling' and "attempts" = ${attempt - 1} for update`;
    if (!locked.length)
      return { go: false, result: { kind: 'skipped', reason: 'target not waiting for this attempt' } };
    // The previous attempt's call must have ended: a stray job for the next attempt never dials over it.
    const inFlight = await tx.$queryRaw<{ id: string }[]>`
      select "id" from "CampaignDial" where "targetId" = ${targetId}::uuid and "attempt" = ${attempt - 1}
        and "status" in ('recorded', 'placed') and "seconds" is null and "outcome" is null`;
    if (inFlight.length)
      return { go: false, result: { kind: 'skipped', reason: 'the previous attempt is still live' } };
    const t = await tx.campaignTarget.findUniqueOrThrow({
      where: { id: targetId },
      include: { campaign: { include: { business: { include: { billing: true } } } } },
    });
    const c = t.campaign;
    const b = c.business;
    if (c.status !== 'running') {
      await backToPending(tx, t.id);
      return { go: false, result: { kind: 'skipped', reason: `campaign is ${c.status}` } };
    }
    if (!windowOpen(now, t.timeZone, c)) {
      await backToPending(tx, t.id);
      return { go: false, result: { kind: 'skipped', reason: 'calling window closed' } };
    }
    const finish = async (outcome: CampaignOutcome, reason: string): Promise<Checked> => {
      // A dial row that was never placed still records the attempt and why (reports, audit).
      await tx.campaignDial.create({
        data: { campaignId: c.id, targetId: t.id, attempt, status: 'skipped', outcome, error: reason, createdAt: now },
      });
      await tx.campaignTarget.update({ where: { id: t.id }, data: { state: 'done', outcome, attempts: attempt } });
      return { go: false, result: { kind: 'finished', outcome, reason } };
    };
    const blocked = await dialBlockedReason(tx, c.businessId, t.phone);
    if (blocked) return finish('blocked', blocked);
    const number = checkDialNumber(t.phone);
    if (!number.ok) return finish('invalid_number', 'not a number Leadline dials');
    const pause = async (reason: string): Promise<Checked> => {
      await backToPending(tx, t.id);
      await pauseCampaign(tx, c, reason, now);
      return { go: false, result: { kind: 'paused', reason } };
    };
    if (!(await mayDialOut(tx, c.businessId))) return pause('business may not place calls');
    if (!answersWithAi(effectiveStatus(b.billing, now, billing.graceDays, billing.billingOn)))
      return pause('billing is restricted');
    const caps = tx as unknown as Db;
    const dest = await hit(caps, `dial:dest:${number.e164}`, 86_400);
    if (dest.count > PLATFORM_LIMITS.dialsPerDestinationPerDay) {
      await backToPending(tx, t.id, new Date(now.getTime() + dest.resetIn * 1000));
      return { go: false, result: { kind: 'skipped', reason: 'number called too often today' } };
    }
    const daily = await hit(caps, `campaign:dials:${c.businessId}`, 86_400);
    if (daily.count > CAMPAIGN_DIALS_PER_DAY) return pause("the platform's daily campaign dials are used up");
    const held = await reserveSeconds(tx, c.businessId, HOLD_SECONDS);
    if (!held) return pause('out of minutes');

    const dialId = randomUUID();
    const call = await tx.call.create({
      data: {
        businessId: c.businessId,
        twilioCallSid: `${PENDING_DIAL_PREFIX}${dialId}`,
        direction: 'outbound',
        status: 'queued',
        from: c.callerId,
        to: number.e164,
        reservedSeconds: held,
        campaignDialId: dialId,
      },
    });
    await tx.campaignDial.create({
      // createdAt is the dial's instant on the dialler's clock: per-minute pacing counts by it.
      data: {
        id: dialId,
        campaignId: c.id,
        targetId: t.id,
        attempt,
        status: 'recorded',
        callId: call.id,
        createdAt: now,
      },
    });
    await tx.campaignTarget.update({ where: { id: t.id }, data: { attempts: attempt, lastCallId: call.id } });
    return { go: true, dialId, callId: call.id, from: c.callerId, to: number.e164 };
  });
}

/**
 * The dial's SID, once known (the Twilio answer, or its first callback if that came first): the dial is
 * `placed` and its Call row carries the SID. Idempotent; a different SID for the same dial changes nothing.
 */
export async function adoptSid(db: Db | Tx, dialId: string, sid: string): Promise<boolean> {
  const n = await db.$executeRaw`
    with d as (
      update "CampaignDial" set "status" = 'placed', "twilioCallSid" = ${sid}, "updatedAt" = now()
      where "id" = ${dialId}::uuid and "status" = 'recorded' returning "callId"
    )
    update "Call" c set "twilioCallSid" = ${sid}, "updatedAt" = now() from d
    where c."id" = d."callId" and c."twilioCallSid" like ${PENDING_DIAL_PREFIX + '%'}`;
  return n > 0;
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

export async function dialTarget(
  ctx: AppContext,
  targetId: string,
  attempt: number,
  opts: { now?: Date; lastAttempt?: boolean } = {},
): Promise<DialResult> {
  const now = opts.now ?? new Date();
  if (!ctx.telephony) return { kind: 'skipped', reason: 'calling is not configured' };
  const checked = await checkAndRecord(ctx, targetId, attempt, now);
  if (!checked.go) return checked.result;
  const urls = dialUrls(ctx.config.PUBLIC_BASE_URL, checked.dialId);
  let sid: string;
  try {
    ({ sid } = await ctx.telephony.createCall({
      from: checked.from,
      to: checked.to,
      url: urls.voice,
      statusCallback: urls.status,
      machineDetection: { mode: 'DetectMessageEnd', asyncCallback: urls.amd },
    }));
  } catch (err) {
    const status = (err as { status?: unknown })?.status;
    if (!(typeof status === 'number' && status >= 400 && status < 500 && status !== 429)) {
      // A 5xx or a lost connection: Twilio may have placed the call anyway. Never dial blind; the
      // dial stays `recorded` for its callbacks or reconciliation to settle.
      ctx.log.warn({ err, dialId: checked.dialId }, 'campaign dial outcome unknown; left for reconciliation');
      return { kind: 'failed', outcome: 'failed', reason: 'left for reconciliation' };
    }
    // Refused by Twilio: nothing was dialled, so the attempt ends here (a retry is a new attempt).
    const outcome: CampaignOutcome = isInvalidNumberError(err) ? 'invalid_number' : 'failed';
    ctx.log.warn({ err, dialId: checked.dialId }, 'campaign dial refused by Twilio');
    await abandonDial(
      ctx,
      checked.dialId,
      outcome,
      `Twilio refused the call: ${String((err as Error).message).slice(0, 200)}`,
    );
    return { kind: 'failed', outcome, reason: 'Twilio refused the call' };
  }
  await adoptSid(ctx.db, checked.dialId, sid);
  return { kind: 'placed', dialId: checked.dialId, sid };
}
