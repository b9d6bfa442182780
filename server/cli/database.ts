import { loadConfig } from '../config.ts';
import { createDb } from '../db/client.ts';
import { openDatabase } from '../db/database.ts';
import { applyMigrations } from '../db/migrate.ts';
import { migrateJobs } from '../jobs/worker.ts';

/** Opens the database (embedded or DATABASE_URL), migrated, for one command; always closes it. */
export async function withDatabase<T>(fn: (db: ReturnType<typeof createDb>, url: string) => Promise<T>): Promise<T> {
  const config = loadConfig(process.env, () => {});
  const handle = await openDatabase(config);
  try {
    await applyMigrations(handle.url);
    await migrateJobs(handle.url);
    const db = createDb(handle.url, { max: 2 });
    try {
      return await fn(db, handle.url);
    } finally {
      await db.$disconnect();
    }
  } finally {
    await handle.stop();
  }
}
