import type { Tx } from '../db/client.ts';
import { parseJobPayload, type JobInput, type JobName } from './catalogue.ts';

export interface EnqueueOptions {
  /** Same key → one pending job (graphile-worker replaces it), which makes enqueueing idempotent. */
  jobKey?: string;
  /** What a second job with the same key does; `preserve_run_at` keeps a waiting job's time. Default `replace`. */
  jobKeyMode?: 'replace' | 'preserve_run_at';
  runAt?: Date;
  maxAttempts?: number;
  queueName?: string;
  priority?: number;
}

/**
 * Adds a graphile-worker job inside the caller's transaction, so a row and the job that follows it up are
 * committed together or not at all (transactional outbox). The payload is checked against the job's
 * catalogue schema first: a job the worker would refuse never reaches the queue.
 */
export async function enqueue<N extends JobName>(
  tx: Pick<Tx, '$executeRaw'>,
  name: N,
  payload: JobInput<N>,
  opts: EnqueueOptions = {},
): Promise<void> {
  const checked = parseJobPayload(name, payload);
  await tx.$executeRaw`select graphile_worker.add_job(
    identifier => ${name}::text,
    payload => ${JSON.stringify(checked)}::json,
    queue_name => ${opts.queueName ?? null}::text,
    run_at => ${opts.runAt ?? null}::timestamptz,
    max_attempts => ${opts.maxAttempts ?? null}::int,
    job_key => ${opts.jobKey ?? null}::text,
    priority => ${opts.priority ?? null}::int,
    job_key_mode => ${opts.jobKeyMode ?? 'replace'}::text
  )`;
}
