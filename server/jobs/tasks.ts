import { callTasks } from '../calls/tasks.ts';
import { syncTasks } from '../sync/tasks.ts';
import { widgetTasks } from '../widget-api/tasks.ts';
import type { TaskFactory } from './worker.ts';

/** Every capability's job handlers. Adding a capability with jobs = one line here. */
export const taskFactories: TaskFactory[] = [callTasks, syncTasks, widgetTasks];
