import { z } from 'zod';
import type { TaskFactory } from '../jobs/worker.ts';
import { placeCallback } from './place-call.ts';

const placePayload = z.object({ callbackRequestId: z.uuid() });

/** Jobs of the widget capability. `callback.place` is enqueued by POST /widget/v1/callbacks and by retries. */
export const widgetTasks: TaskFactory = (ctx) => ({
  'callback.place': async (payload, helpers) => {
    const { callbackRequestId } = placePayload.parse(payload);
    const out = await placeCallback(ctx, callbackRequestId, { lastAttempt: helpers.job.attempts >= helpers.job.max_attempts });
    if (!out.placed) helpers.logger.info(`callback ${callbackRequestId} not placed: ${out.reason}`);
  },
});
