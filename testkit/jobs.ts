import type { Db } from '../server/db/client.ts';

/**
 * Jobs waiting in graphile-worker whose payload mentions `needle`. The public `jobs` view hides payloads,
 * so this reads the private table (test-only).
 */
export async function queuedJobs(db: Db, task: string, needle: string): Promise<number> {
  const rows = await db.$queryRaw<{ n: bigint }[]>`
    select count(*) as n from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
    where t.identifier = ${task} and j.payload::text like ${'%' + needle + '%'}`;
  return Number(rows[0]!.n);
}

export async function queuedTasks(db: Db, needle: string): Promise<string[]> {
  const rows = await db.$queryRaw<{ identifier: string }[]>`
    select t.identifier from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
    where j.payload::text like ${'%' + needle + '%'}`;
  return rows.map((r) => r.identifier);
}
