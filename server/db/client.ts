import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient, type Prisma } from './generated/client.ts';

export type Db = PrismaClient;
/** The client handed to `db.$transaction(async (tx) => …)` callbacks. */
export type Tx = Prisma.TransactionClient;

/** The pool travels on the client it serves (no module-level map keyed by clients or contexts). */
const POOL = Symbol('leadline.pgPool');
type Pooled = { [POOL]?: pg.Pool };

/** Prisma over a pg pool this module owns; the same pool serves the few hot paths that need raw speed. */
export function createDb(connectionString: string, opts: { max?: number } = {}): PrismaClient {
  const pool = new pg.Pool({ connectionString, max: opts.max ?? 20 });
  // An idle connection killed by the server (restart, failover) must not crash the process.
  pool.on('error', () => {});
  const db = new PrismaClient({ adapter: new PrismaPg(pool) });
  Object.defineProperty(db, POOL, { value: pool, enumerable: false });
  return db;
}

/**
 * Plain parameterised SQL on the same pool. For hot paths only (the voice webhook answers on Twilio's
 * clock): Prisma's raw-query path costs ~5× more CPU per query than the driver.
 */
export function sqlOf(db: PrismaClient): pg.Pool {
  const pool = (db as Pooled)[POOL];
  if (!pool) throw new Error('this client was not made by createDb');
  return pool;
}

/** The connection string this client's pool uses (for dedicated connections such as LISTEN). */
export const databaseUrlOf = (db: PrismaClient): string => sqlOf(db).options.connectionString!;

export { Prisma } from './generated/client.ts';
