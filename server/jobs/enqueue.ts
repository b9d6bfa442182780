import type { Tx } from '../db/client.ts';

export interface EnqueueOptions {
  /** Same key → one pending job (graphile-worker replaces it), which makes enqueueing idempotent. */
  jobKey?: string;
  runAt?: Date;
  maxAttempts?: number;
  queueName?: string;
  priority?: number;
}

/**
 * Adds a graphile-worker job inside the caller's transaction, so a row and the job that follows it up are
 * committed together or not at all (transactional outbox).
 */
export async function enqueue(tx: Pick<Tx, '$executeRaw'>, task: string, payload: unknown, opts: EnqueueOptions = {}): Promise<void> {
  await tx.$executeRaw`select graphile_worker.add_job(
    identifier => ${task}::text,
    payload => ${JSON.stringify(payload)}::json,
    queue_name => ${opts.queueName ?? null}::text,
    run_at => ${opts.runAt ?? null}::timestamptz,
    max_attempts => ${opts.maxAttempts ?? null}::int,
    job_key => ${opts.jobKey ?? null}::text,
    priority => ${opts.priority ?? null}::int
  )`;
}
