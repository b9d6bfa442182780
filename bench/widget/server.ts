/**
 * The server under test, alone in its process (its RSS is what the fan-out bench reports): the real app
 * on a fresh embedded PostgreSQL, the widget bundle built from the current sources. Prints READY {json}.
 */
import { benchDatabase } from '../lib/database.ts';
import v8 from 'node:v8';
import { buildApp, routeModules } from '../../server/app.ts';
import { createDb } from '../../server/db/client.ts';
import { createLogger } from '../../server/log.ts';
import { appContext } from '../../server/runtime.ts';
import { attachUpgrades } from '../../server/upgrades.ts';
import { createWidgetRoutes, widgetRoutes } from '../../server/widget-api/routes.ts';
import { bundleOf } from '../../server/widget-api/script.ts';
import { buildWidget } from '../../widget/build.ts';

const { pg, config } = await benchDatabase('leadline-widget-bench-');
const db = createDb(pg.url, { max: 20 });
const log = createLogger('silent');
// Every benchmark stream comes from one loopback client and one business: the per-client and per-business
// stream limits (server/widget-api/stream-admission.ts) would refuse all but the first few.
const many = 1_000_000;
const ctx = appContext(config, db, log, { events: { limits: { perClient: many, perBusiness: many } } });
const modules = routeModules.map((m) =>
  m === widgetRoutes
    ? createWidgetRoutes({
        loadBundle: async () => {
          const b = await buildWidget({ write: false });
          return bundleOf(Buffer.from(b.code), b.manifest);
        },
      })
    : m,
);
const server = buildApp(ctx, modules).listen({ port: 0, host: '127.0.0.1', backlog: 4096 });
// As server/runtime.ts wires it: event streams are taken off the HTTP parser there.
const upgrades = attachUpgrades(ctx, server);
await new Promise((r) => server.once('listening', r));

// Subscriber count on demand, so the driver can tell when every stream is registered.
process.on('message', (m: { type: string }) => {
  if (m.type === 'size') process.send!({ type: 'size', size: ctx.events.size() });
  if (m.type === 'snapshot') process.send!({ type: 'snapshot', file: v8.writeHeapSnapshot() });
  if (m.type === 'mem') {
    (globalThis as { gc?: () => void }).gc?.();
    process.send!({ type: 'mem', ...process.memoryUsage(), subscribers: ctx.events.size() });
  }
});
console.log(
  'READY ' +
    JSON.stringify({
      url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
      databaseUrl: pg.url,
      pid: process.pid,
    }),
);
process.on('SIGTERM', async () => {
  await upgrades.close();
  await ctx.events.close();
  server.closeAllConnections();
  await db.$disconnect();
  await pg.stop();
  process.exit(0);
});
