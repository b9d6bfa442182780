import { Logger as WorkerLogger, parseCronItems, run, runMigrations, runOnce, type Runner } from 'graphile-worker';
import pg from 'pg';
import type { AppContext } from '../context.ts';
import { taskList, type AnyTaskFactory } from './handlers.ts';
import { cronItems } from './schedule.ts';

/** graphile-worker's own tables; safe to call on every start. */
export const migrateJobs = (connectionString: string) => runMigrations({ connectionString, logger: silentLogger() });

/**
 * graphile-worker over a pool we own. Its own pool is ended without waiting, after its error listener is
 * gone: a database stopped right after (Ctrl-C on the embedded one) then killed an idle client and the
 * unhandled 'error' took the process down. Ours keeps its listener and is ended before stop() returns.
 */
function ownPool(connectionString: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString, max });
  // An idle client lost to a restart: the next checkout reconnects. A checked-out client's error also
  // surfaces on its next query, so its 'error' event only needs a listener to not crash the process.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  return pool;
}

/**
 * Recurring jobs; each runs once per tick across all workers. Given as items, not crontab text: the
 * crontab parser refuses the dotted names of the job catalogue.
 */

export interface JobWorker extends Runner {
  /** The process is shutting down: the database may go away under the worker (see workerLogger). */
  shuttingDown(): void;
}

export async function startWorker(
  ctx: AppContext,
  connectionString: string,
  factories: AnyTaskFactory[],
  concurrency: number,
): Promise<JobWorker> {
  const tasks = taskList(ctx, factories);
  const pgPool = ownPool(connectionString, concurrency + 2);
  let stopping = false;
  const runner = await run({
    pgPool,
    concurrency,
    taskList: tasks,
    // Only a worker that handles the scheduled jobs runs the schedule (a CLI's sync-only worker does not).
    parsedCronItems: parseCronItems(cronItems.filter((c) => tasks[c.task])),
    noHandleSignals: true,
    pollInterval: 1000,
    logger: workerLogger(ctx, () => stopping),
  });
  return {
    ...runner,
    shuttingDown: () => {
      stopping = true;
    },
    stop: (reason?: string) => {
      stopping = true;
      return runner.stop(reason).finally(() => pgPool.end());
    },
  };
}

/** Runs every job that is due now with the given handlers, then returns (CLI commands, scripts). */
export async function runDueJobs(
  ctx: AppContext,
  connectionString: string,
  factories: AnyTaskFactory[],
): Promise<void> {
  const pgPool = ownPool(connectionString, 6);
  try {
    await runOnce({ pgPool, concurrency: 4, taskList: taskList(ctx, factories), logger: workerLogger(ctx) });
  } finally {
    await pgPool.end();
  }
}

/** PostgreSQL's admin_shutdown, crash_shutdown and cannot_connect_now. */
const DATABASE_GOING_AWAY = new Set(['57P01', '57P02', '57P03']);
/** node-postgres on a client whose connection already ended. */
const CONNECTION_ENDED = /connection error and is not queryable|Connection terminated/i;

/**
 * While we shut down, a connection the database ends is expected, not an error: on Ctrl-C in a terminal the
 * embedded PostgreSQL gets the signal too and stops alongside us (graphile-worker then reports its LISTEN
 * connection). Any other error is still one.
 */
function workerLogger(ctx: AppContext, stopping: () => boolean = () => false) {
  return new WorkerLogger((scope) => (level, message, meta) => {
    const error = meta?.error as { code?: unknown; message?: unknown } | undefined;
    // The first error carries the SQLSTATE; later ones are the same connection being used after it ended.
    const expected =
      stopping() && (DATABASE_GOING_AWAY.has(String(error?.code)) || CONNECTION_ENDED.test(String(error?.message)));
    const l = expected ? 'debug' : level === 'error' ? 'error' : level === 'warning' ? 'warn' : 'debug';
    ctx.log[l]({ worker: scope, ...meta }, message);
  });
}
function silentLogger() {
  return new WorkerLogger(() => () => {});
}
