/**
 * What a bench's server process starts on: a fresh embedded PostgreSQL in a temporary folder, migrated (the
 * app's tables and graphile-worker's), and the production configuration the benches measure. `env` adds to or
 * overrides it.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../server/config.ts';
import { startEmbeddedPostgres } from '../../server/db/embedded.ts';
import { applyMigrations } from '../../server/db/migrate.ts';
import { migrateJobs } from '../../server/jobs/worker.ts';

export async function benchDatabase(folderPrefix: string, env: Record<string, string> = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), folderPrefix));
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), ephemeral: true });
  await applyMigrations(pg.url);
  await migrateJobs(pg.url);
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: pg.url,
    DATA_DIR: dir,
    LOG_LEVEL: 'silent',
    NODE_ENV: 'production',
    TRUST_PROXY: '0', // clients connect directly
    MAIL_DEV_OUTBOX: 'true', // a bench sends no mail; production's SMTP requirement is not what it measures
    PUBLIC_BASE_URL: 'https://leadline.bench',
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-00',
    ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
    ...env,
  });
  return { dir, pg, config };
}
