import { Logger as WorkerLogger, run, runMigrations, runOnce, type Runner, type TaskList } from 'graphile-worker';
import pg from 'pg';
import type { AppContext } from '../context.ts';

/** A job handler with the shared context; tasks live with the capability they belong to. */
export type TaskFactory = (ctx: AppContext) => TaskList;

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

export async function startWorker(ctx: AppContext, connectionString: string, factories: TaskFactory[], concurrency: number): Promise<Runner> {
  const taskList: TaskList = Object.assign({}, ...factories.map((f) => f(ctx)));
  const pgPool = ownPool(connectionString, concurrency + 2);
  const runner = await run({ pgPool, concurrency, taskList, noHandleSignals: true, pollInterval: 1000, logger: workerLogger(ctx) });
  return { ...runner, stop: (reason?: string) => runner.stop(reason).finally(() => pgPool.end()) };
}

/** Runs every job that is due now with the given handlers, then returns (CLI commands, scripts). */
export async function runDueJobs(ctx: AppContext, connectionString: string, factories: TaskFactory[]): Promise<void> {
  const pgPool = ownPool(connectionString, 6);
  try {
    await runOnce({ pgPool, concurrency: 4, taskList: Object.assign({}, ...factories.map((f) => f(ctx))), logger: workerLogger(ctx) });
  } finally {
    await pgPool.end();
  }
}

function workerLogger(ctx: AppContext) {
  return new WorkerLogger((scope) => (level, message, meta) => {
    const l = level === 'error' ? 'error' : level === 'warning' ? 'warn' : 'debug';
    ctx.log[l]({ worker: scope, ...meta }, message);
  });
}
function silentLogger() {
  return new WorkerLogger(() => () => {});
}
