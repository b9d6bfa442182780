import type { JobHelpers, TaskList } from 'graphile-worker';
import type { AppContext } from '../context.ts';
import { isJobName, parseJobPayload, type JobName, type JobPayload } from './catalogue.ts';

export type JobHandler<N extends JobName> = (payload: JobPayload<N>, helpers: JobHelpers) => Promise<void>;

/** The handlers of the jobs `K`, each receiving its payload already parsed with the catalogue's schema. */
export type JobHandlers<K extends JobName> = { [N in K]: JobHandler<N> };

/** One room's job handlers, made with the shared context: handlers live with the room that owns the work. */
export type TaskFactory<K extends JobName = JobName> = (ctx: AppContext) => JobHandlers<K>;

/** Any room's handlers, whichever jobs it owns (what the worker is started with). */
export type AnyTaskFactory = (ctx: AppContext) => Partial<JobHandlers<JobName>>;

/** The jobs a factory handles. */
export type HandledBy<F> = F extends TaskFactory<infer K> ? K : never;

/** Declares a room's handlers; the jobs it handles are inferred from its keys. */
export const roomTasks = <K extends JobName>(factory: TaskFactory<K>): TaskFactory<K> => factory;

/**
 * graphile-worker's task list for these rooms. Each payload is parsed with its catalogue schema before the
 * handler runs (a payload that does not fit fails the attempt like any other error, and stays visible in
 * the job table). A job handled twice, or a handler for a job not in the catalogue, is a wiring error.
 */
export function taskList(ctx: AppContext, factories: AnyTaskFactory[]): TaskList {
  const list: TaskList = {};
  for (const factory of factories) {
    for (const [name, handler] of Object.entries(factory(ctx)) as [string, JobHandler<JobName> | undefined][]) {
      if (!handler) continue;
      if (!isJobName(name)) throw new Error(`a handler for a job that is not in the catalogue: ${name}`);
      if (Object.hasOwn(list, name)) throw new Error(`two handlers for the job ${name}`);
      list[name] = (payload, helpers) => handler(parseJobPayload(name, payload), helpers);
    }
  }
  return list;
}
