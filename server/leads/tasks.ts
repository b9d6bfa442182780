import { roomTasks } from '../jobs/handlers.ts';
import { notifyLead } from './notify.ts';
import { processCall } from './process-call.ts';

/** Jobs of the lead pipeline: a completed call becomes a lead, and the business hears about it. */
export const leadTasks = roomTasks((ctx) => ({
  'call.process': async ({ callId }) => {
    const r = await processCall(ctx, callId);
    ctx.log.info({ callId, leadId: r.leadId, method: r.method, skipped: r.skipped }, 'call processed');
  },
  'lead.notify': async (payload) => {
    const sent = await notifyLead(ctx, payload);
    ctx.log.info({ leadId: payload.leadId, ...sent }, 'lead notifications sent');
  },
}));
