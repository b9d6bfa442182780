/** What the retention sweep's modules share (retention.ts runs the sweep; retention-segments.ts is one step). */
import type pg from 'pg';
import type { Prisma } from '../db/client.ts';
import type { BatchSizer, StatementTimer } from './statement-timer.ts';

export interface RetentionOptions {
  businessId?: string;
  dryRun?: boolean;
  /** Most rows per statement; defaults to RETENTION_BATCH_SIZE. */
  batchSize?: number;
  /** Statement time the batch size is steered to (statement-timer.ts); defaults to 25 ms. */
  statementMs?: number;
  /** Share of one connection the sweep may use (statement-timer.ts); defaults to RETENTION_DUTY. */
  duty?: number;
  /** Called after every batch (progress, and the kill test's hook). */
  onBatch?: (step: string, rows: number) => void;
}

/** A business being swept; `cutoff` is the instant (UTC, as text) before which its data is past retention. */
export interface SweptBusiness {
  id: string;
  leadRetention: string;
  cutoff: string;
}

/** What every step of one sweep shares: its statements (timed, paced), batch sizes, and the report. */
export interface Sweep {
  opts: RetentionOptions;
  n: number;
  timer: StatementTimer;
  /** One statement on the driver (Prisma's raw path costs ~5× the CPU per query: server/db/client.ts). */
  /** `name` prepares it once per connection: the statement run thousands of times is planned per run, not per batch. */
  query<R extends pg.QueryResultRow>(step: string, stmt: Prisma.Sql, name?: string): Promise<pg.QueryResult<R>>;
  sizer(step: string): BatchSizer;
  add(step: string, rows: number): void;
  /** A batch of `size` rows is about to be tried (the report keeps the smallest). */
  tried(size: number): void;
}
