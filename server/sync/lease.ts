/**
 * One drain per connection, across processes and database sessions: a lease row with an expiry and an
 * epoch (the fencing token). Taken and renewed by single short statements, so it does not depend on any
 * one session staying alive — a PostgreSQL restart, `pg_terminate_backend` or a pooler recycling a
 * connection leaves it exactly as it was, and only its expiry hands it on.
 *
 * Two guards, because a lease alone cannot stop a holder that paused past its expiry:
 * - before each vendor request the drain asserts it still holds the lease (`assertHeld`): free while the
 *   last renewal is fresh, one short query when it is not;
 * - every ledger and outcome write carries `guard` in the same statement: it matches only while this
 *   epoch holds an unexpired lease, and locks the lease row for the statement's transaction, so a
 *   takeover waits for a write already under way and every later write of the old holder matches nothing.
 * What neither can stop — a request that left just before the pause — is for vendor-side idempotency.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { Prisma, type Db } from '../db/client.ts';
import { UTC_NOW } from './utc-now.ts';

/** The lease passed to another drain (or lapsed): stop before the next vendor request, write nothing. */
export class FencedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FencedError';
  }
}

export interface LeaseOptions {
  /** How long a lease lives unrenewed; a SIGKILLed holder blocks its connection this long at most. */
  ttlMs?: number;
  /** Renewal period; well under ttlMs so one slow or failed renewal does not lose the lease. */
  renewEveryMs?: number;
}

export const LEASE_TTL_MS = 30_000;

export interface Lease {
  readonly connectionId: string;
  readonly epoch: bigint;
  /** SQL condition: true while this epoch holds the unexpired lease (locks the lease row for the statement). */
  readonly guard: Prisma.Sql;
  /** Throws FencedError unless the lease is certainly still held; a query only when the last renewal is stale. */
  assertHeld(): Promise<void>;
  /** Asks PostgreSQL: is the lease still ours? (After a guarded write matched fewer rows than it should.) */
  stillHeld(): Promise<boolean>;
  /** Stops renewing; `hand back` ends it now so the next drain need not wait out the expiry. */
  end(opts: { handBack: boolean }): Promise<void>;
}

const interval = (ms: number) => Prisma.sql`make_interval(secs => ${ms / 1000}::float8)`;

/** Takes the connection's lease if it is free or expired; null while another drain holds it. */
export async function acquireLease(db: Db, connectionId: string, opts: LeaseOptions = {}): Promise<Lease | null> {
  const ttlMs = opts.ttlMs ?? LEASE_TTL_MS;
  const renewEveryMs = opts.renewEveryMs ?? Math.floor(ttlMs / 3);
  const holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const asked = performance.now();
  const rows = await db.$queryRaw<{ epoch: bigint }[]>`
    insert into "SyncLease" ("connectionId", "holder", "epoch", "expiresAt")
    select ${connectionId}::uuid, ${holder}, 1, ${UTC_NOW} + ${interval(ttlMs)}
    where exists (select 1 from "Connection" where "id" = ${connectionId}::uuid)
    on conflict ("connectionId") do update set "holder" = excluded."holder", "epoch" = "SyncLease"."epoch" + 1, "expiresAt" = excluded."expiresAt"
    where "SyncLease"."expiresAt" <= ${UTC_NOW}
    returning "epoch"`;
  const epoch = rows[0]?.epoch;
  if (epoch === undefined) return null;

  // Local clock only ever shortens this: the row's expiry is PostgreSQL's now() at or after `asked`, plus ttl.
  const margin = Math.min(2_000, ttlMs / 5);
  let validUntil = asked + ttlMs - margin;
  let lost = false;
  let ended = false;
  let renewing: Promise<boolean> | null = null;
  const guard = Prisma.sql`exists (select 1 from "SyncLease" sl where sl."connectionId" = ${connectionId}::uuid and sl."epoch" = ${epoch} and sl."expiresAt" > ${UTC_NOW} for share)`;

  const renew = (): Promise<boolean> =>
    (renewing ??= (async () => {
      const started = performance.now();
      try {
        const n = await db.$executeRaw`
          update "SyncLease" set "expiresAt" = ${UTC_NOW} + ${interval(ttlMs)}
          where "connectionId" = ${connectionId}::uuid and "epoch" = ${epoch} and "expiresAt" > ${UTC_NOW}`;
        if (n === 0) lost = true;
        else validUntil = started + ttlMs - margin;
      } catch {
        // Database unreachable: the lease may still hold, but only until validUntil; the next assert decides.
      } finally {
        renewing = null;
      }
      return !lost;
    })());

  const timer = setInterval(() => void renew(), renewEveryMs);
  timer.unref();

  return {
    connectionId,
    epoch,
    guard,
    async assertHeld() {
      if (lost || ended)
        throw new FencedError(`sync lease of connection ${connectionId} (epoch ${epoch}) is no longer held`);
      if (performance.now() < validUntil) return;
      if (!(await renew()) || performance.now() >= validUntil) {
        lost = true;
        throw new FencedError(`sync lease of connection ${connectionId} (epoch ${epoch}) lapsed`);
      }
    },
    async stillHeld() {
      const r = await db.$queryRaw<{ ok: boolean }[]>`select ${guard} as ok`;
      if (!r[0]?.ok) lost = true;
      return !lost;
    },
    async end({ handBack }) {
      ended = true;
      clearInterval(timer);
      if (handBack && !lost) {
        await db.$executeRaw`update "SyncLease" set "expiresAt" = ${UTC_NOW} where "connectionId" = ${connectionId}::uuid and "epoch" = ${epoch}`;
      }
    },
  };
}
