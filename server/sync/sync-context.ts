import type { ConnectionSettings, Provider, SyncContext } from '../../connectors/types.ts';
import type { AppContext } from '../context.ts';
import type { Connection } from '../db/generated/client.ts';
import { budgetPrefix, createDbBudget, PROVIDER_LIMITS } from './budget.ts';
import { createDbLedger } from './ledger.ts';
import { accessToken } from './tokens.ts';

/** What a connector gets for one connection: tokens, the SyncRecord ledger, the shared PostgreSQL budget. */
export function syncContextFor(ctx: AppContext, conn: Connection, signal?: AbortSignal): SyncContext {
  return {
    connectionId: conn.id,
    account: { id: conn.externalAccountId, name: conn.externalName, ownerEmail: conn.ownerEmail, instanceUrl: conn.instanceUrl },
    accessToken: (o) => accessToken(ctx, conn.id, o),
    ledger: createDbLedger(ctx.db, conn),
    budget: createDbBudget(ctx.db, {
      prefix: budgetPrefix(conn.provider, conn.externalAccountId),
      limits: PROVIDER_LIMITS[conn.provider as Provider] ?? {},
      ...(signal ? { signal } : {}),
    }),
    settings: (conn.settings ?? {}) as ConnectionSettings,
    ...(signal ? { signal } : {}),
  };
}
