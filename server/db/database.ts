import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { startEmbeddedPostgres } from './embedded.ts';

export interface DatabaseHandle {
  url: string;
  embedded: boolean;
  /** Stops the embedded server when this process started it; otherwise a no-op. */
  stop(): Promise<void>;
}

export const EMBEDDED_PORT = 54329;

/** Port of an embedded PostgreSQL already running on this data directory (another `leadline` process). */
function runningEmbeddedPort(pgDir: string): number | null {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const [pid, , , port] = readFileSync(pidFile, 'utf8').split('\n');
  try {
    process.kill(Number(pid), 0);
  } catch {
    return null; // stale pid file from a crash: PostgreSQL will clean it up on start
  }
  return Number(port) || null;
}

/**
 * DATABASE_URL when given; otherwise the embedded PostgreSQL under DATA_DIR/pg, started here unless a
 * running Leadline process already started it (then it is shared, and left running).
 */
export async function openDatabase(
  cfg: { DATABASE_URL?: string; dataDir: string },
  log: (m: string) => void = () => {},
): Promise<DatabaseHandle> {
  if (cfg.DATABASE_URL) return { url: cfg.DATABASE_URL, embedded: false, stop: async () => {} };
  const pgDir = path.join(cfg.dataDir, 'pg');
  const running = runningEmbeddedPort(pgDir);
  if (running)
    return {
      url: `postgresql://leadline:leadline@127.0.0.1:${running}/leadline`,
      embedded: true,
      stop: async () => {},
    };
  const started = Date.now();
  const db = await startEmbeddedPostgres({
    dataDir: pgDir,
    port: Number(process.env.EMBEDDED_PG_PORT) || EMBEDDED_PORT,
  });
  log(`embedded PostgreSQL started in ${Date.now() - started} ms (data in ${pgDir})`);
  return { url: db.url, embedded: true, stop: db.stop };
}
