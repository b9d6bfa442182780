import { roomTasks } from '../jobs/handlers.ts';
import { placeCallback } from './place-call.ts';

/** Jobs of the widget capability. `callback.place` is enqueued by POST /widget/v1/callbacks and by retries. */
export const widgetTasks = roomTasks((ctx) => ({
  'callback.place': async ({ callbackRequestId }, helpers) => {
    const out = await placeCallback(ctx, callbackRequestId, {
      lastAttempt: helpers.job.attempts >= helpers.job.max_attempts,
    });
    if (!out.placed) helpers.logger.info(`callback ${callbackRequestId} not placed: ${out.reason}`);
  },
}));
