import { createDb, databaseUrlOf, sqlOf } from '../db/client.ts';
import { roomTasks } from '../jobs/handlers.ts';
import { runClosureExport } from './closure-export.ts';
import { runPrivacyRequest } from './requests.ts';
import { runRetention } from './retention.ts';

/** Jobs of privacy: data-subject requests and the retention sweep (crontab, server/jobs/schedule.ts). */
export const privacyTasks = roomTasks((ctx) => ({
  'privacy.run': async ({ requestId, attempt }) => runPrivacyRequest(ctx, requestId, attempt),
  'privacy.closure_export': async ({ requestId }) => runClosureExport(ctx, requestId),
  'retention.sweep': async (_payload, helpers) => {
    // One connection of its own for the sweep (it runs one statement at a time): in `npm start` the worker
    // shares the web's pool, and a sweep must never be why a live call waits for a connection.
    const db = createDb(databaseUrlOf(ctx.db), { max: 1 });
    try {
      const r = await runRetention({ ...ctx, db });
      helpers.logger.info(`retention sweep: ${JSON.stringify(r.counts)} in ${r.ms} ms (rested ${r.restedMs} ms)`);
    } finally {
      await db.$disconnect();
      await sqlOf(db)
        .end()
        .catch(() => undefined); // already ended by the adapter
    }
  },
}));
