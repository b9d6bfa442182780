/** `npm start`: the whole service on its embedded default. */
import { ConfigError } from './config.ts';
import { start } from './runtime.ts';

const t0 = performance.now();
try {
  const rt = await start();
  const ms = Math.round(performance.now() - t0);
  const base = rt.ctx.config.PUBLIC_BASE_URL;
  rt.ctx.log.info({ ms, url: rt.url }, 'Leadline is up');
  console.log(`
Leadline is running (${ms} ms)${rt.database.embedded ? ' on the embedded PostgreSQL' : ''}
  Console    ${rt.url}/app/  (owners sign up and log in here)
  API        ${rt.url}/api/v1
  API docs   ${rt.url}/api/docs  (${rt.url}/api/openapi.json)
  Health     ${rt.url}/healthz  ${rt.url}/readyz
  Widget     ${rt.url}/widget.js
  Twilio     ${base}/twilio/voice  (voice webhook URL for your numbers)
  Worker     ${rt.worker ? 'running in this process' : 'off (WORKER=false)'}
`);
  let signalled = false;
  const shutdown = async (signal: string) => {
    if (signalled) return;
    signalled = true;
    rt.ctx.log.info({ signal }, 'shutting down');
    await rt.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(78); // EX_CONFIG
  }
  console.error(err);
  process.exit(1);
}
