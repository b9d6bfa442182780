/** Where a target stands after one of its attempts ended, written with the dial's outcome. */
import type { Tx } from '../db/client.ts';
import type { CampaignOutcome } from '../db/generated/enums.ts';
import { nextStep } from './outcome.ts';

/**
 * The target after attempt `attempt` ended with `outcome`: again after the spacing (no answer, busy,
 * failed, attempts left) or done. A target that is already done (it opted out mid-call) stays done, and a
 * late result for an older attempt changes nothing.
 */
export async function settleAttempt(tx: Tx, targetId: string, attempt: number, outcome: CampaignOutcome, now: Date) {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    select "id" from "CampaignTarget" where "id" = ${targetId}::uuid and "attempts" = ${attempt} and "state" <> 'done' for update`;
  if (!rows.length) return;
  const t = await tx.campaignTarget.findUniqueOrThrow({
    where: { id: targetId },
    include: { campaign: { select: { maxAttempts: true, retrySpacingMinutes: true } } },
  });
  const step = nextStep(outcome, t.attempts, t.campaign, now);
  await tx.campaignTarget.update({
    where: { id: targetId },
    data:
      step.state === 'pending'
        ? { state: 'pending', outcome, nextAttemptAt: step.nextAttemptAt }
        : { state: 'done', outcome },
  });
}
