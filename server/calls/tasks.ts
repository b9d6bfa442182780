import { z } from 'zod';
import type { TaskFactory } from '../jobs/worker.ts';
import { processCall } from '../leads/process-call.ts';
import { notifyLead } from '../leads/notify.ts';

const byCall = z.object({ callId: z.uuid() });
const notifyPayload = z.object({ leadId: z.uuid(), callId: z.uuid().nullable() });

/** Jobs of the call pipeline: recording after consent, post-call processing, lead notifications. */
export const callTasks: TaskFactory = (ctx) => ({
  'call.start_recording': async (payload) => {
    const { callId } = byCall.parse(payload);
    const call = await ctx.db.call.findUnique({ where: { id: callId }, include: { business: true, consent: true } });
    if (!call || call.endedAt || call.recordingSid || !ctx.telephony) return;
    // Checked again here, not only when the job was queued: a recording is what makes the call's audio
    // playable (recordingPlayable), and the business may have turned recording off since.
    if (call.consent?.outcome !== 'granted' || !call.business.recordingEnabled) return;
    const r = await ctx.telephony.startRecording(call.twilioCallSid, `${ctx.config.PUBLIC_BASE_URL}/twilio/recording`);
    await ctx.db.call.update({ where: { id: callId }, data: { recordingSid: r.sid, recordingStatus: 'in-progress' } });
  },
  'call.process': async (payload) => {
    const { callId } = byCall.parse(payload);
    const r = await processCall(ctx, callId);
    ctx.log.info({ callId, leadId: r.leadId, method: r.method, skipped: r.skipped }, 'call processed');
  },
  'lead.notify': async (payload) => {
    const p = notifyPayload.parse(payload);
    const sent = await notifyLead(ctx, p);
    ctx.log.info({ leadId: p.leadId, ...sent }, 'lead notifications sent');
  },
});
