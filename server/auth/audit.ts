import type { Db, Tx } from '../db/client.ts';

export interface AuditEntry {
  action: string;
  accountId?: string | null;
  businessId?: string | null;
  target?: string | null;
  meta?: Record<string, unknown>;
  ip?: string | null;
}

/** Security-relevant actions: log-ins, key creation, member changes, exports, connections. */
export async function audit(db: Pick<Db | Tx, 'auditLog'>, e: AuditEntry): Promise<void> {
  await db.auditLog.create({
    data: {
      action: e.action,
      accountId: e.accountId ?? null,
      businessId: e.businessId ?? null,
      target: e.target ?? null,
      meta: (e.meta ?? {}) as object,
      ip: e.ip ?? null,
    },
  });
}
