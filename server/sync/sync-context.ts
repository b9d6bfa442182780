import type { ConnectionSettings, SyncContext } from '../../connectors/types.ts';
import type { AppContext } from '../context.ts';
import type { Connection } from '../db/generated/client.ts';
import { budgetPrefix, createDbBudget } from './budget.ts';
import { createDbLedger } from './ledger.ts';
import { findManifest } from './registry.ts';
import { accessToken } from './tokens.ts';

/** What a connector gets for one connection: tokens, the SyncRecord ledger, the shared PostgreSQL budget. */
export interface DbSyncContext extends SyncContext {
  /** Makes buffered ledger puts durable; done before every vendor request and before settling. */
  flush(): Promise<void>;
}

export function syncContextFor(ctx: AppContext, conn: Connection, signal?: AbortSignal): DbSyncContext {
  const ledger = createDbLedger(ctx.db, conn);
  const budget = createDbBudget(ctx.db, {
    prefix: budgetPrefix(conn.provider, conn.externalAccountId),
    limits: findManifest(ctx, conn.provider)?.limits ?? {},
    ...(signal ? { signal } : {}),
  });
  return {
    flush: () => ledger.flush(),
    connectionId: conn.id,
    account: { id: conn.externalAccountId, name: conn.externalName, ownerEmail: conn.ownerEmail, instanceUrl: conn.instanceUrl },
    accessToken: (o) => accessToken(ctx, conn.id, o),
    ledger,
    budget: {
      take: async (bucket, cost) => {
        await ledger.flush();
        await budget.take(bucket, cost);
      },
      pause: (bucket, ms) => budget.pause(bucket, ms),
    },
    settings: (conn.settings ?? {}) as ConnectionSettings,
    ...(signal ? { signal } : {}),
  };
}
