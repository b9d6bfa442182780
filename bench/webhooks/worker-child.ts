/** One webhook worker process of the bench: the dispatcher every worker runs, on the shared database. */
import { loadConfig } from '../../server/config.ts';
import { createDb } from '../../server/db/client.ts';
import { createLogger } from '../../server/log.ts';
import { appContext } from '../../server/runtime.ts';
import { startWebhookDispatcher } from '../../server/webhooks/dispatcher.ts';

const config = loadConfig(process.env, () => {});
const db = createDb(config.DATABASE_URL!, { max: 8 });
const ctx = appContext(config, db, createLogger('warn'), { parts: { telephony: null } });
const dispatcher = startWebhookDispatcher(ctx, { pollMs: Number(process.env.POLL_MS ?? 50) });
console.log('READY {}');
process.once('SIGTERM', () => {
  void dispatcher.stop().then(async () => {
    await db.$disconnect();
    process.exit(0);
  });
});
