import { Logger as WorkerLogger, run, runMigrations, runOnce, type Runner, type TaskList } from 'graphile-worker';
import type { AppContext } from '../context.ts';

/** A job handler with the shared context; tasks live with the capability they belong to. */
export type TaskFactory = (ctx: AppContext) => TaskList;

/** graphile-worker's own tables; safe to call on every start. */
export const migrateJobs = (connectionString: string) => runMigrations({ connectionString, logger: silentLogger() });

export async function startWorker(ctx: AppContext, connectionString: string, factories: TaskFactory[], concurrency: number): Promise<Runner> {
  const taskList: TaskList = Object.assign({}, ...factories.map((f) => f(ctx)));
  return run({ connectionString, concurrency, taskList, noHandleSignals: true, pollInterval: 1000, logger: workerLogger(ctx) });
}

/** Runs every job that is due now with the given handlers, then returns (CLI commands, scripts). */
export async function runDueJobs(ctx: AppContext, connectionString: string, factories: TaskFactory[]): Promise<void> {
  await runOnce({ connectionString, concurrency: 4, taskList: Object.assign({}, ...factories.map((f) => f(ctx))), logger: workerLogger(ctx) });
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
