/**
 * A dial's end: its outcome from the final Twilio status and machine detection, the target's next step,
 * and the `campaign.call.completed` webhook, in one transaction. A conversation's outcome waits for its
 * lead (`campaign.outcome`, after post-call processing); an opt-out recorded mid-call stands.
 */
import type { AppContext } from '../context.ts';
import type { Tx } from '../db/client.ts';
import type { CampaignOutcome } from '../db/generated/enums.ts';
import { enqueue } from '../jobs/enqueue.ts';
import { emitWebhookEvent } from '../webhooks/outbox.ts';
import { nextStep, outcomeOfLead, outcomeOfStatus } from './outcome.ts';
import { settleAttempt } from './settle.ts';

const FINAL = new Set(['completed', 'busy', 'no-answer', 'failed', 'canceled']);

async function lockDial(tx: Tx, dialId: string) {
  const rows = await tx.$queryRaw<
    { id: string }[]
  >`select "id" from "CampaignDial" where "id" = ${dialId}::uuid for update`;
  if (!rows.length) return null;
  return tx.campaignDial.findUniqueOrThrow({
    where: { id: dialId },
    include: { campaign: true, target: true },
  });
}

/** The outcome written to the dial and target, and announced. */
async function conclude(
  tx: Tx,
  d: NonNullable<Awaited<ReturnType<typeof lockDial>>>,
  outcome: CampaignOutcome,
  p: { seconds: number | null; leadId: string | null },
) {
  await tx.campaignDial.update({
    where: { id: d.id },
    data: { outcome, ...(p.seconds !== null ? { seconds: p.seconds } : {}) },
  });
  // Spacing counts from the attempt's start, on the dialler's clock (dials are stamped with it).
  await settleAttempt(tx, d.targetId, d.attempt, outcome, d.createdAt);
  const willRetry =
    nextStep(outcome, d.attempt, d.campaign, d.createdAt).state === 'pending' && d.target.state !== 'done';
  await emitWebhookEvent(tx, d.campaign.businessId, 'campaign.call.completed', {
    campaignId: d.campaignId,
    campaignName: d.campaign.name,
    businessId: d.campaign.businessId,
    dialId: d.id,
    contactId: d.target.contactId,
    phone: d.target.phone,
    attempt: d.attempt,
    outcome,
    answeredBy: d.answeredBy,
    callId: d.callId,
    durationSeconds: p.seconds ?? d.seconds,
    leadId: p.leadId,
    willRetry,
  });
}

/** From the campaign status callback; only a final status does anything, and only once per dial. */
export async function completeDial(
  ctx: AppContext,
  dialId: string,
  s: { status: string; duration: number },
): Promise<void> {
  if (!FINAL.has(s.status)) return;
  await ctx.db.$transaction(async (tx) => {
    const d = await lockDial(tx, dialId);
    if (!d || d.seconds !== null) return;
    const byStatus = outcomeOfStatus(s.status, d.answeredBy);
    // An opt-out (written by the tool mid-call) is the outcome, whatever the status says.
    const outcome = d.outcome ?? byStatus;
    if (outcome) return conclude(tx, d, outcome, { seconds: s.duration, leadId: null });
    // A conversation: "connected" until its lead says more.
    await tx.campaignDial.update({ where: { id: d.id }, data: { seconds: s.duration } });
    await settleAttempt(tx, d.targetId, d.attempt, 'connected', d.createdAt);
    await enqueue(tx, 'campaign.outcome', { dialId: d.id }, { jobKey: `campaign-outcome:${d.id}`, maxAttempts: 12 });
  });
}

/**
 * `campaign.outcome`: once post-call processing has run (the job retries with backoff until then), the
 * lead decides: booked, interested, not interested, or connected.
 */
export async function outcomeFromLead(ctx: AppContext, dialId: string): Promise<CampaignOutcome | null> {
  return ctx.db.$transaction(async (tx) => {
    const d = await lockDial(tx, dialId);
    if (!d?.callId || d.outcome) return d?.outcome ?? null;
    const call = await tx.call.findUnique({
      where: { id: d.callId },
      include: { lead: { select: { id: true, temperature: true } } },
    });
    if (!call) return null;
    if (!call.processedAt) throw new Error('call not processed yet');
    const outcome = outcomeOfLead({ requestedStart: call.requestedStart, lead: call.lead });
    await tx.campaignTarget.updateMany({
      where: { id: d.targetId, lastCallId: call.id, outcome: 'connected' },
      data: { outcome },
    });
    await conclude(tx, d, outcome, { seconds: null, leadId: call.leadId });
    return outcome;
  });
}
