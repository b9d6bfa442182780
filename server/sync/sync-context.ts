import type { ConnectionSettings, SyncContext } from '../../connectors/types.ts';
import type { AppContext } from '../context.ts';
import type { Connection } from '../db/generated/client.ts';
import { budgetPrefix, createDbBudget } from './budget.ts';
import { createDbLedger } from './ledger.ts';
import { findManifest } from './registry.ts';
import type { Lease } from './lease.ts';
import { accessToken } from './tokens.ts';

/** What a connector gets for one connection: tokens, the ledger (SyncLedgerEntry), the shared PostgreSQL budget. */
export interface DbSyncContext extends SyncContext {
  /** Makes buffered ledger puts durable; done before every vendor request and before settling. */
  flush(): Promise<void>;
}

/**
 * `lease`: a drain's context. Its ledger writes are fenced, and every vendor request waits for the budget
 * and then checks the lease is still held — after the wait, which may be long — so a drain that lost it
 * sends nothing more.
 */
export function syncContextFor(ctx: AppContext, conn: Connection, signal?: AbortSignal, lease?: Lease): DbSyncContext {
  const ledger = createDbLedger(ctx.db, conn, lease);
  const budget = createDbBudget(ctx.db, {
    prefix: budgetPrefix(conn.provider, conn.externalAccountId),
    limits: findManifest(ctx, conn.provider)?.limits ?? {},
    ...(signal ? { signal } : {}),
  });
  return {
    flush: () => ledger.flush(),
    connectionId: conn.id,
    account: {
      id: conn.externalAccountId,
      name: conn.externalName,
      ownerEmail: conn.ownerEmail,
      instanceUrl: conn.instanceUrl,
    },
    accessToken: (o) => accessToken(ctx, conn.id, o),
    ledger,
    budget: {
      take: async (bucket, cost, priority) => {
        await ledger.flush();
        const taken = await budget.take(bucket, cost, priority);
        await lease?.assertHeld();
        return taken;
      },
      pause: (bucket, ms) => budget.pause(bucket, ms),
    },
    settings: (conn.settings ?? {}) as ConnectionSettings,
    ...(signal ? { signal } : {}),
  };
}
