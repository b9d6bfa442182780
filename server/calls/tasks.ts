import { roomTasks } from '../jobs/handlers.ts';
import { settleStuckReservations } from './settle-reservations.ts';

/** Jobs of the live call: recording once the caller consented. */
export const callTasks = roomTasks((ctx) => ({
  'call.start_recording': async ({ callId }) => {
    const call = await ctx.db.call.findUnique({ where: { id: callId }, include: { business: true, consent: true } });
    if (!call || call.endedAt || call.recordingSid || !ctx.telephony) return;
    // Checked again here, not only when the job was queued: a recording is what makes the call's audio
    // playable (recordingPlayable), and the business may have turned recording off since.
    if (call.consent?.outcome !== 'granted' || !call.business.recordingEnabled) return;
    const r = await ctx.telephony.startRecording(call.twilioCallSid, `${ctx.config.PUBLIC_BASE_URL}/twilio/recording`);
    await ctx.db.call.update({ where: { id: callId }, data: { recordingSid: r.sid, recordingStatus: 'in-progress' } });
  },
  'calls.settle_reservations': async () => {
    const r = await settleStuckReservations(ctx);
    if (r.settled || r.released) ctx.log.info(r, 'reservation sweep settled stuck calls');
  },
}));
