/**
 * Ctrl-C in a terminal reaches the embedded PostgreSQL too, which ends every connection while we shut down.
 * The job worker must not report that as an error then — and must still report it when we are not stopping.
 */
import { Writable } from 'node:stream';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../server/context.ts';
import { createLogger } from '../../server/log.ts';
import { startWorker } from '../../server/jobs/worker.ts';
import { ownDatabase } from '../../testkit/own-database.ts';

const dbs: { drop(): Promise<void> }[] = [];
afterAll(async () => {
  for (const d of dbs) await d.drop();
});

/** Ends every other connection to the database, as PostgreSQL's fast shutdown does (SQLSTATE 57P01). */
async function terminateOthers(url: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query(
      'select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    return r.rows[0].n as number;
  } finally {
    await c.end();
  }
}

async function workerLogLevelsWhenConnectionsEnd(stopping: boolean): Promise<number[]> {
  const database = await ownDatabase('wshutdown');
  dbs.push(database);
  const levels: number[] = [];
  let listening: () => void = () => {};
  const listened = new Promise<void>((resolve) => (listening = resolve));
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        const entry = JSON.parse(line) as { level: number; worker?: unknown; msg?: string };
        if (entry.worker !== undefined) levels.push(entry.level);
        if (entry.msg?.startsWith('Worker connected')) listening();
      }
      done();
    },
  });
  const ctx = { log: createLogger('debug', sink) } as unknown as AppContext;
  const worker = await startWorker(ctx, database.url, [], 1);
  // The LISTEN connection opens after startWorker returns; ending connections before it exists ends none of it.
  await listened;
  if (stopping) worker.shuttingDown();
  expect(await terminateOthers(database.url)).toBeGreaterThan(0); // at least the worker's LISTEN connection
  // The worker hears of it when its connections next fail, which a busy machine can delay: wait for what it
  // logs about them (bounded), then a little more for anything logged alongside.
  const heard = () => (stopping ? levels.length > 0 : levels.some((l) => l >= 50));
  for (const until = Date.now() + 10_000; !heard() && Date.now() < until; ) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 300));
  await worker.stop();
  return levels;
}

describe('job worker while the database goes away', () => {
  it('logs the ended connections as errors when we are not shutting down', async () => {
    expect((await workerLogLevelsWhenConnectionsEnd(false)).some((l) => l >= 50)).toBe(true);
  });

  it('logs them below error level once we are shutting down', async () => {
    const levels = await workerLogLevelsWhenConnectionsEnd(true);
    expect(levels.length).toBeGreaterThan(0);
    expect(levels.filter((l) => l >= 50)).toEqual([]);
  });
});
