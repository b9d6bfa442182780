import type { TaskFactory } from './worker.ts';

/** Every capability's job handlers. Adding a capability with jobs = one line here. */
export const taskFactories: TaskFactory[] = [];
