import { z } from 'zod';
import { afterCursor, type PageQuery, pageOf, pageOrder, pageSchema } from '../http/pagination.ts';
/** Read models: per-lead sync status (GET /api/v1/leads/:id) and connection health. */
import type { Provider } from '../../connectors/types.ts';
import type { Db } from '../db/client.ts';
import type { Connection } from '../db/generated/client.ts';

export interface LeadSyncStatus {
  provider: Provider;
  status: 'pending' | 'synced' | 'failed' | 'parked';
  externalId: string | null;
  deepLink: string | null;
  error: string | null;
  attempts: number;
  syncedAt: string | null;
}

/** LeadSyncStatus as the OpenAPI document states it. */
export const leadSyncStatus = z.object({
  provider: z.string(),
  status: z.enum(['pending', 'synced', 'failed', 'parked']),
  externalId: z.string().nullable(),
  deepLink: z.string().nullable(),
  error: z.string().nullable(),
  attempts: z.number().int(),
  syncedAt: z.string().nullable(),
});

export async function syncStatusForLead(db: Db, leadId: string): Promise<LeadSyncStatus[]> {
  const rows = await db.syncRecord.findMany({
    where: { kind: 'lead', localId: leadId },
    include: { connection: { select: { provider: true } } },
    orderBy: { createdAt: 'asc' },
  });
  return rows.map((r) => ({
    provider: r.connection.provider as Provider,
    status: r.status,
    externalId: r.externalId,
    deepLink: r.deepLink,
    error: r.status === 'synced' ? null : r.lastError,
    attempts: r.attempts,
    syncedAt: r.syncedAt?.toISOString() ?? null,
  }));
}

export type Counts = Record<'pending' | 'synced' | 'failed' | 'parked', number>;

export async function leadCounts(db: Db, connectionIds: string[]): Promise<Map<string, Counts>> {
  const out = new Map<string, Counts>();
  if (connectionIds.length === 0) return out;
  const rows = await db.syncRecord.groupBy({
    by: ['connectionId', 'status'],
    where: { connectionId: { in: connectionIds }, kind: 'lead' },
    _count: { _all: true },
  });
  for (const id of connectionIds) out.set(id, { pending: 0, synced: 0, failed: 0, parked: 0 });
  for (const r of rows) out.get(r.connectionId)![r.status] = r._count._all;
  return out;
}

const countsOut = z.object({ pending: z.number(), synced: z.number(), failed: z.number(), parked: z.number() });
/** connectionView() as the OpenAPI document states it. */
export const connectionOut = z.object({
  id: z.string(),
  businessId: z.string(),
  provider: z.string(),
  status: z.enum(['active', 'needs_reauth', 'disconnected']),
  externalAccount: z.object({
    id: z.string(),
    name: z.string().nullable(),
    ownerEmail: z.string().nullable(),
    instanceUrl: z.string().nullable(),
  }),
  scopes: z.array(z.string()),
  settings: z.record(z.string(), z.unknown()),
  lastSyncAt: z.string().nullable(),
  lastError: z.string().nullable(),
  counts: countsOut,
  createdAt: z.string(),
});
export const connectionPage = pageSchema(connectionOut);

/** The public view of a connection: never tokens. */
export function connectionView(c: Connection, counts: Counts | undefined) {
  return {
    id: c.id,
    businessId: c.businessId,
    provider: c.provider,
    status: c.status,
    externalAccount: {
      id: c.externalAccountId,
      name: c.externalName,
      ownerEmail: c.ownerEmail,
      instanceUrl: c.instanceUrl,
    },
    scopes: c.scopes,
    settings: c.settings,
    lastSyncAt: c.lastSyncAt?.toISOString() ?? null,
    lastError: c.lastError,
    counts: counts ?? { pending: 0, synced: 0, failed: 0, parked: 0 },
    createdAt: c.createdAt.toISOString(),
  };
}

/** One page of connections (oldest first) with their health counts. */
export async function connectionsWithHealth(
  db: Db,
  where: { businessId?: string; businessIds?: string[] },
  page: PageQuery = { limit: 100 },
) {
  const rows = await db.connection.findMany({
    where: {
      ...(where.businessId ? { businessId: where.businessId } : { businessId: { in: where.businessIds ?? [] } }),
      ...afterCursor(page.cursor, 'asc'),
    },
    orderBy: pageOrder('asc'),
    take: page.limit + 1,
  });
  const counts = await leadCounts(
    db,
    rows.map((r) => r.id),
  );
  return pageOf(rows, page.limit, (r) => connectionView(r, counts.get(r.id)));
}
