import type { Tx } from '../db/client.ts';
import { enqueue } from '../jobs/enqueue.ts';
import type { CallbackProgress } from '../ports.ts';
import { emitWebhookEvent } from '../webhooks/outbox.ts';
import { MAX_CALLBACK_ATTEMPTS, RETRY_DELAYS_MINUTES, widgetSettingsOf } from './settings.ts';

export type CallbackStatus =
  | 'queued'
  | 'calling'
  | 'ringing'
  | 'in_conversation'
  | 'completed'
  | 'no_answer'
  | 'failed';
export type ProgressStatus = Exclude<CallbackStatus, 'queued'>;

/** The NOTIFY channel; the payload is the callback request id. */
export const CALLBACK_CHANNEL = 'callback_events';

const RANK: Record<CallbackStatus, number> = {
  queued: 0,
  calling: 1,
  ringing: 2,
  in_conversation: 3,
  completed: 4,
  no_answer: 4,
  failed: 4,
};

/**
 * Whether a callback may move from `current` to `next`. Twilio's status callbacks can arrive late or
 * twice, so anything that is not forward is dropped; the one way back is a retry after no answer.
 */
export function canAdvance(current: CallbackStatus, next: CallbackStatus, retryPending: boolean): boolean {
  if (current === 'no_answer') return retryPending && next === 'calling';
  return RANK[next] > RANK[current];
}

/** Whether nothing more will happen to a callback after this event (SSE streams close on it). */
export function isFinalEvent(status: CallbackStatus, data: { retryScheduled?: boolean }): boolean {
  return status === 'completed' || status === 'failed' || (status === 'no_answer' && !data.retryScheduled);
}

/** Declared with the port (server/ports.ts) that calls and leads write progress through. */
export type ProgressInput = CallbackProgress;

/**
 * Records a callback's progress inside the caller's transaction: status, a numbered CallbackEvent and a
 * NOTIFY (delivered at commit, so subscribers never see an event that was rolled back). Called by the
 * Twilio webhooks and the post-call job (through ctx.recordCallbackProgress) and by `callback.place`.
 * Returns whether anything changed.
 */
export async function recordCallbackProgress(tx: Tx, callbackRequestId: string, p: ProgressInput): Promise<boolean> {
  // Row lock: concurrent webhooks for one callback serialise here, so the order check below holds.
  const rows = await tx.$queryRaw<
    {
      status: CallbackStatus;
      businessId: string;
      attempts: number;
      widgetSettings: unknown;
      country: string;
      retryPending: boolean;
    }[]
  >`
    select c."status"::text as "status", c."businessId", c."attempts", b."widgetSettings", b."country",
      coalesce((select (e."data"->>'retryScheduled')::boolean from "CallbackEvent" e
                where e."callbackRequestId" = c."id" order by e."id" desc limit 1), false) as "retryPending"
    from "CallbackRequest" c join "Business" b on b."id" = c."businessId"
    where c."id" = ${callbackRequestId}::uuid
    for update of c`;
  const row = rows[0];
  if (!row || !canAdvance(row.status, p.status, row.retryPending)) return false;

  const data: { leadCaptured?: boolean; retryScheduled?: boolean; reason?: string } = {};
  if (p.status === 'completed') data.leadCaptured = p.leadCaptured ?? false;
  if (p.reason) data.reason = p.reason;
  if (p.status === 'no_answer') {
    const settings = widgetSettingsOf(row.widgetSettings, row.country);
    data.retryScheduled = settings.retriesEnabled && row.attempts < MAX_CALLBACK_ATTEMPTS;
    if (data.retryScheduled) {
      const minutes =
        RETRY_DELAYS_MINUTES[Math.min(row.attempts, RETRY_DELAYS_MINUTES.length) - 1] ?? RETRY_DELAYS_MINUTES[0];
      await enqueue(
        tx,
        'callback.place',
        { callbackRequestId },
        { runAt: new Date(Date.now() + minutes * 60_000), jobKey: `callback:${callbackRequestId}`, maxAttempts: 3 },
      );
    }
  }
  await tx.callbackRequest.update({
    where: { id: callbackRequestId },
    data: { status: p.status, ...(p.status === 'completed' ? { leadCaptured: data.leadCaptured } : {}) },
  });
  await tx.callbackEvent.create({ data: { callbackRequestId, status: p.status, data } });
  await emitWebhookEvent(tx, row.businessId, 'callback.updated', {
    callbackRequestId,
    businessId: row.businessId,
    status: p.status,
    ...(data.leadCaptured !== undefined ? { leadCaptured: data.leadCaptured } : {}),
    ...(data.retryScheduled !== undefined ? { retryScheduled: data.retryScheduled } : {}),
  });
  await tx.$executeRaw`select pg_notify(${CALLBACK_CHANNEL}, ${callbackRequestId})`;
  return true;
}
