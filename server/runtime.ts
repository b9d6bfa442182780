import type { Server } from 'node:http';
import { buildApp } from './app.ts';
import { loadConfig, type Config } from './config.ts';
import type { AppContext } from './context.ts';
import { createConnectors } from '../connectors/index.ts';
import { createDb, databaseUrlOf } from './db/client.ts';
import { createHttpServer } from './http/server.ts';
import { openDatabase, type DatabaseHandle } from './db/database.ts';
import { applyMigrations } from './db/migrate.ts';
import { taskFactories } from './jobs/tasks.ts';
import { migrateJobs, startWorker, type JobWorker } from './jobs/worker.ts';
import { bookAppointment, checkAvailability } from './sync/calendar.ts';
import { warmUpConnectors } from './sync/registry.ts';
import { createLogger } from './log.ts';
import { createMailer } from './mail/mailer.ts';
import { attachUpgrades, type Upgrades } from './upgrades.ts';
import { createTelephony } from './calls/telephony.ts';
import { createStripe } from './billing/stripe-client.ts';
import { createOpenAI } from './openai.ts';
import { createEventsHub, type EventsHubOptions } from './widget-api/events-hub.ts';
import { recordCallbackProgress } from './widget-api/progress.ts';
import { campaignCalls } from './campaigns/call-port.ts';
import { reconnectLinks } from './oauth/tickets.ts';
import { startWebhookDispatcher, type Dispatcher } from './webhooks/dispatcher.ts';

export interface Runtime {
  ctx: AppContext;
  database: DatabaseHandle;
  server?: Server;
  worker?: JobWorker;
  /** Outgoing webhooks' sender, beside the job worker. */
  webhooks?: Dispatcher;
  upgrades?: Upgrades;
  url?: string;
  stop(): Promise<void>;
}

/** Database ready (embedded or DATABASE_URL) and migrated, with a context; nothing listening yet. */
export async function prepare(config: Config = loadConfig()): Promise<{ ctx: AppContext; database: DatabaseHandle }> {
  const log = createLogger(config.LOG_LEVEL);
  const database = await openDatabase(config, (m) => log.info(m));
  try {
    const applied = await applyMigrations(database.url);
    if (applied.length) log.info({ applied }, 'migrations applied');
    await migrateJobs(database.url);
  } catch (err) {
    await database.stop();
    throw err;
  }
  return { ctx: appContext(config, createDb(database.url), log), database };
}

export interface ContextOptions {
  /** Widget stream timings (tests and benchmarks shorten them). */
  events?: Pick<EventsHubOptions, 'heartbeatMs' | 'lingerMs' | 'limits'>;
  /** Parts to use instead of the ones built from config (tests: a capturing logger, no telephony). */
  parts?: Partial<AppContext>;
}

/**
 * The context every entry point (server, worker, CLI commands, tests) hands to routes and jobs: the one
 * place per-process clients are created, and where ports get their implementations.
 */
export function appContext(
  config: Config,
  db: AppContext['db'],
  log: AppContext['log'],
  opts: ContextOptions = {},
): AppContext {
  const ctx: AppContext = {
    config,
    db,
    log,
    mailer: createMailer({
      db,
      log,
      smtpUrl: config.SMTP_URL,
      from: config.MAIL_FROM,
      keepBodies: config.MAIL_DEV_OUTBOX ?? config.NODE_ENV !== 'production',
    }),
    telephony: createTelephony(config),
    openai: createOpenAI(config),
    stripe: createStripe(config),
    connectors: createConnectors(config.connectors, config),
    // Opens nothing until the first stream subscribes, so workers and commands carry it for free.
    events: createEventsHub({ db, log, connectionString: () => databaseUrlOf(db), ...opts.events }),
    // Called later, with the finished ctx (whatever parts replaced).
    calendar: {
      busy: (businessId, range) => checkAvailability(ctx, businessId, range),
      book: (businessId, p) => bookAppointment(ctx, businessId, p),
    },
    recordCallbackProgress,
    reconnectLinks: reconnectLinks(config),
    campaignCalls: campaignCalls(db),
    ...opts.parts,
  };
  return ctx;
}

/** `npm start`: HTTP server and (unless WORKER=false) the job worker in one process. */
export async function start(opts: { web?: boolean; worker?: boolean; config?: Config } = {}): Promise<Runtime> {
  const { ctx, database } = await prepare(opts.config);
  const rt: Runtime = { ctx, database, stop: async () => {} };
  if (opts.worker ?? ctx.config.WORKER) {
    rt.worker = await startWorker(ctx, database.url, taskFactories, ctx.config.WORKER_CONCURRENCY);
    rt.webhooks = startWebhookDispatcher(ctx);
    warmUpConnectors(ctx);
  }
  if (opts.web ?? true) {
    const server = createHttpServer(buildApp(ctx), ctx.config).listen(ctx.config.PORT, ctx.config.HOST);
    rt.upgrades = attachUpgrades(ctx, server);
    await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
    const port = (server.address() as { port: number }).port;
    rt.server = server;
    rt.url = `http://localhost:${port}`;
  }
  let stopping: Promise<void> | undefined;
  rt.stop = () =>
    (stopping ??= (async () => {
      // Stop taking requests, let in-flight ones finish, then stop jobs, then the database.
      rt.worker?.shuttingDown();
      if (rt.server) {
        const closed = new Promise<void>((resolve) => rt.server!.close(() => resolve()));
        rt.server.closeIdleConnections();
        const force = setTimeout(() => rt.server!.closeAllConnections(), 10_000);
        // Live calls get up to 60 s to finish before their streams are cut (Twilio then runs the TwiML after <Connect>).
        await rt.upgrades?.close(60_000);
        await closed;
        clearTimeout(force);
      }
      await rt.webhooks?.stop();
      await rt.worker?.stop();
      await ctx.events.close();
      await ctx.db.$disconnect();
      await database.stop();
    })());
  return rt;
}
