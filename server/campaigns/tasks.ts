import { roomTasks } from '../jobs/handlers.ts';
import { outcomeFromLead } from './complete.ts';
import { dialTarget } from './dial.ts';
import { completeEndedDials, reconcileDials } from './reconcile.ts';
import { runTick } from './tick.ts';

/** The dialler's jobs: ticks per running campaign, one dial per claimed attempt, outcomes, reconciliation. */
export const campaignTasks = roomTasks((ctx) => ({
  'campaign.tick': async ({ campaignId }) => {
    await runTick(ctx, campaignId);
  },
  'campaign.dial': async ({ targetId, attempt }, helpers) => {
    const r = await dialTarget(ctx, targetId, attempt);
    if (r.kind !== 'placed')
      helpers.logger.info(`campaign dial ${targetId}#${attempt}: ${r.kind} (${'reason' in r ? r.reason : ''})`);
  },
  'campaign.outcome': async ({ dialId }) => {
    await outcomeFromLead(ctx, dialId);
  },
  'campaigns.reconcile': async () => {
    const r = await reconcileDials(ctx);
    const completed = await completeEndedDials(ctx);
    if (r.adopted || r.abandoned || completed) ctx.log.info({ ...r, completed }, 'campaign dials reconciled');
  },
}));
