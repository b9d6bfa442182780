import { roomTasks } from '../jobs/handlers.ts';
import { runPrivacyRequest } from './requests.ts';
import { runRetention } from './retention.ts';

/** Jobs of privacy: data-subject requests and the retention sweep (crontab, server/jobs/schedule.ts). */
export const privacyTasks = roomTasks((ctx) => ({
  'privacy.run': async ({ requestId, attempt }) => runPrivacyRequest(ctx, requestId, attempt),
  'retention.sweep': async (_payload, helpers) => {
    const r = await runRetention(ctx);
    helpers.logger.info(`retention sweep: ${JSON.stringify(r.counts)} in ${r.ms} ms`);
  },
}));
