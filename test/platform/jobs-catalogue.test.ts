/**
 * The job catalogue is the contract between the code that queues a job and the room that handles it: every
 * catalogued job has exactly one handler, and a job that does not fit the catalogue is refused both when
 * it is queued and when it is run.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { AppContext } from '../../server/context.ts';
import { createDb, type Tx } from '../../server/db/client.ts';
import { jobCatalogue } from '../../server/jobs/catalogue.ts';
import { enqueue } from '../../server/jobs/enqueue.ts';
import { roomTasks, taskList } from '../../server/jobs/handlers.ts';
import { taskFactories } from '../../server/jobs/tasks.ts';

const db = createDb(inject('databaseUrl'), { max: 2 });
afterAll(() => db.$disconnect());

/** Handlers are closures over the context; building them reads nothing from it. */
const ctx = {} as AppContext;

/** Runs `work` in a transaction that is always rolled back: the queue is shared with every other test file. */
async function rolledBack<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
  const rollback = new Error('rollback');
  let out: T | undefined;
  await db
    .$transaction(async (tx) => {
      out = await work(tx);
      throw rollback;
    })
    .catch((err: unknown) => {
      if (err !== rollback) throw err;
    });
  return out as T;
}

const queued = (tx: Tx, key: string) =>
  tx.$queryRaw<{ task: string; payload: unknown }[]>`
    select t.identifier as task, j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
    where j.key = ${key}`;

describe('the job catalogue', () => {
  it('has exactly one handler for every catalogued job, across all rooms', () => {
    const catalogued = Object.keys(jobCatalogue).toSorted();
    const handlers = taskFactories.flatMap((f) => Object.keys(f(ctx)));
    expect(handlers.toSorted()).toEqual(catalogued);
    expect(Object.keys(taskList(ctx, taskFactories)).toSorted()).toEqual(catalogued);
  });

  it('refuses a second handler for a job, and a handler for a job it does not list', () => {
    const again = roomTasks(() => ({ 'lead.notify': async () => {} }));
    expect(() => taskList(ctx, [...taskFactories, again])).toThrow('two handlers for the job lead.notify');
    const stray = () => ({ 'lead.shout': async () => {} });
    expect(() => taskList(ctx, [stray as never])).toThrow('not in the catalogue: lead.shout');
  });

  it('queues a payload that fits, inside the caller transaction', async () => {
    const key = `test:${randomUUID()}`;
    const leadId = randomUUID();
    const rows = await rolledBack(async (tx) => {
      await enqueue(tx, 'lead.notify', { leadId, callId: null }, { jobKey: key });
      return queued(tx, key);
    });
    expect(rows).toEqual([{ task: 'lead.notify', payload: { leadId, callId: null } }]);
  });

  it('refuses an unknown job name or a payload that does not fit, and queues nothing', async () => {
    const key = `test:${randomUUID()}`;
    const attempts = await rolledBack(async (tx) => {
      const out = [
        // @ts-expect-error not a catalogued job
        await enqueue(tx, 'lead.shout', { leadId: randomUUID() }, { jobKey: key }).catch((err: Error) => err.message),
        // @ts-expect-error callId is missing
        await enqueue(tx, 'lead.notify', { leadId: randomUUID() }, { jobKey: key }).catch((err: Error) => err.name),
        await enqueue(tx, 'callback.place', { callbackRequestId: 'not-a-uuid' }, { jobKey: key }).catch(
          (err: Error) => err.name,
        ),
      ];
      return { out, rows: await queued(tx, key) };
    });
    expect(attempts.out).toEqual(['unknown job: lead.shout', 'ZodError', 'ZodError']);
    expect(attempts.rows).toEqual([]);
  });

  it('runs a handler only with a payload parsed by the catalogue schema', async () => {
    const seen: unknown[] = [];
    const tasks = taskList(ctx, [roomTasks(() => ({ 'callback.place': async (payload) => void seen.push(payload) }))]);
    const callbackRequestId = randomUUID();
    await tasks['callback.place']!({ callbackRequestId, extra: 'dropped' }, {} as never);
    await expect(
      Promise.resolve().then(() => tasks['callback.place']!({ callbackRequestId: 42 }, {} as never)),
    ).rejects.toMatchObject({ name: 'ZodError' });
    expect(seen).toEqual([{ callbackRequestId }]);
  });
});
