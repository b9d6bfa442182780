import { roomTasks } from '../jobs/handlers.ts';
import { runClosureExport } from './closure-export.ts';
import { runPrivacyRequest } from './requests.ts';
import { runRetention } from './retention.ts';

/** Jobs of privacy: data-subject requests and the retention sweep (crontab, server/jobs/schedule.ts). */
export const privacyTasks = roomTasks((ctx) => ({
  'privacy.run': async ({ requestId, attempt }) => runPrivacyRequest(ctx, requestId, attempt),
  'privacy.closure_export': async ({ requestId }) => runClosureExport(ctx, requestId),
  'retention.sweep': async (_payload, helpers) => {
    const r = await runRetention(ctx);
    helpers.logger.info(`retention sweep: ${JSON.stringify(r.counts)} in ${r.ms} ms`);
  },
}));
