/** `npm run worker`: job workers only, so they can scale out on other machines against the same database. */
import { ConfigError } from './config.ts';
import { start } from './runtime.ts';

try {
  const rt = await start({ web: false, worker: true });
  rt.ctx.log.info({ concurrency: rt.ctx.config.WORKER_CONCURRENCY }, 'worker running');
  const stop = async () => {
    await rt.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(err instanceof ConfigError ? 78 : 1);
}
