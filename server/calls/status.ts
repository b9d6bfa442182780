import type { Request, Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { checkUsageAlerts } from '../billing/alerts.ts';
import { chargeCall } from '../billing/ledger.ts';
import { releaseHold } from '../billing/reservations.ts';
import { enqueue } from '../jobs/enqueue.ts';
import { validationProblem } from '../http/problem.ts';
import { recordingSid, twilioSeconds } from './twilio-guard.ts';
import { billableSeconds, callbackStatusFor, canMove, isTerminal, mapTwilioStatus } from './lifecycle.ts';

const statusBody = z.object({
  CallSid: z.string().min(10).max(64),
  CallStatus: z.string().max(32),
  CallDuration: twilioSeconds().optional(),
});
const recordingBody = z.object({
  CallSid: z.string().min(10).max(64),
  RecordingSid: recordingSid,
  RecordingStatus: z.string().max(32),
  RecordingDuration: twilioSeconds(-1).optional(),
});

/**
 * POST /twilio/status — drives the call lifecycle. On a final status, in the same transaction: duration,
 * minute accounting and the post-call job, so a finished call and its processing exist together or not at all.
 */
export function statusHandler(ctx: AppContext) {
  return async (req: Request, res: Response) => {
    const parsed = statusBody.safeParse(req.body);
    if (!parsed.success) throw validationProblem(parsed.error);
    await applyCallStatus(ctx, parsed.data);
    res.status(204).end();
  };
}

/**
 * One Twilio status of a call, applied: from the status callback, or from the reservation sweep asking
 * Twilio about a call whose final callback never came. Returns whether the call was charged now.
 */
export async function applyCallStatus(
  ctx: AppContext,
  body: { CallSid: string; CallStatus: string; CallDuration?: number | undefined },
): Promise<boolean> {
  const next = mapTwilioStatus(body.CallStatus);
  if (!next) return false;
  const charged = await ctx.db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<
      {
        id: string;
        status: string;
        mode: string;
        businessId: string;
        callbackRequestId: string | null;
        reservedSeconds: number;
      }[]
    >`
      select "id", "status"::text, "mode"::text, "businessId", "callbackRequestId", "reservedSeconds" from "Call" where "twilioCallSid" = ${body.CallSid} for update`;
    const call = rows[0];
    if (!call || !canMove(call.status as never, next)) return null;
    const final = isTerminal(next);
    await tx.call.update({
      where: { id: call.id },
      data: { status: next, ...(final ? { endedAt: new Date(), durationSeconds: body.CallDuration ?? 0 } : {}) },
    });
    if (call.callbackRequestId) {
      const s = callbackStatusFor(next);
      // 'completed' for a callback is announced by the post-call job, with whether a lead was captured.
      if (s && s !== 'completed' && !(s === 'in_conversation' && call.status === 'in_progress'))
        await ctx.recordCallbackProgress(tx, call.callbackRequestId, { status: s });
    }
    if (!final) return null;
    const debited = await chargeCall(tx, call, billableSeconds(body.CallDuration ?? 0, call.mode));
    await releaseHold(tx, call);
    if (next === 'completed')
      await enqueue(tx, 'call.process', { callId: call.id }, { jobKey: `process:${call.id}`, maxAttempts: 10 });
    return debited ? call.businessId : null;
  });
  if (charged) await checkUsageAlerts(ctx, charged);
  return Boolean(charged);
}

/** POST /twilio/recording — stores the recording's SID and duration (the audio stays at Twilio, served through us). */
export function recordingHandler(ctx: AppContext) {
  return async (req: Request, res: Response) => {
    const parsed = recordingBody.safeParse(req.body);
    if (!parsed.success) throw validationProblem(parsed.error);
    const b = parsed.data;
    await ctx.db.call.updateMany({
      where: { twilioCallSid: b.CallSid },
      data: {
        recordingSid: b.RecordingSid,
        recordingStatus: b.RecordingStatus,
        ...(b.RecordingDuration !== undefined && b.RecordingDuration >= 0
          ? { recordingSeconds: b.RecordingDuration }
          : {}),
      },
    });
    res.status(204).end();
  };
}
