import { callTasks } from '../calls/tasks.ts';
import { campaignTasks } from '../campaigns/tasks.ts';
import { leadTasks } from '../leads/tasks.ts';
import { privacyTasks } from '../privacy/tasks.ts';
import { syncTasks } from '../sync/tasks.ts';
import { widgetTasks } from '../widget-api/tasks.ts';
import type { JobName } from './catalogue.ts';
import type { HandledBy } from './handlers.ts';

/** Every room's job handlers: the one list the worker is started with. A room with jobs = one line here. */
export const taskFactories = [callTasks, leadTasks, syncTasks, widgetTasks, privacyTasks, campaignTasks];

/**
 * A catalogued job that no room handles fails the typecheck here, naming the job ("does not satisfy the
 * constraint 'never'"); the catalogue test checks the same at run time, and that no job has two handlers.
 */
type NoneLeft<T extends never> = T;
export type EveryJobHandled = NoneLeft<Exclude<JobName, HandledBy<(typeof taskFactories)[number]>>>;
