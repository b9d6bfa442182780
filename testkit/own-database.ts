/**
 * A database of its own on the run's PostgreSQL, migrated, for tests of commands that run job workers
 * (a worker on the shared database would pick up other test files' jobs).
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { applyMigrations } from '../server/db/migrate.ts';
import { migrateJobs } from '../server/jobs/worker.ts';

async function admin(base: string, sql: string) {
  const c = new pg.Client({ connectionString: base });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

export async function ownDatabase(prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const base = inject('databaseUrl');
  const name = `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  await admin(base, `create database ${name}`);
  const u = new URL(base);
  u.pathname = `/${name}`;
  const url = u.toString();
  await applyMigrations(url);
  await migrateJobs(url);
  return { url, drop: () => admin(base, `drop database if exists ${name} with (force)`) };
}
