/**
 * The connectors' SyncLedger, backed by SyncRecord rows of this connection. Ledger kinds always contain a
 * colon ('lead:contact', 'phone:contact', 'call:call'); kinds without one ('lead', 'call') are the sync
 * status rows server/sync keeps itself, and a connector may not overwrite them.
 */
import type { SyncLedger } from '../../connectors/types.ts';
import type { Db } from '../db/client.ts';

const CHUNK = 1000;

function checkKind(kind: string): void {
  if (!kind.includes(':')) throw new Error(`ledger kind "${kind}" must look like 'entity:external' (kinds without a colon are reserved)`);
}

export function createDbLedger(db: Db, conn: { id: string; businessId: string }): SyncLedger {
  return {
    async get(kind, localId) {
      checkKind(kind);
      const row = await db.syncRecord.findUnique({ where: { connectionId_kind_localId: { connectionId: conn.id, kind, localId } }, select: { externalId: true } });
      return row?.externalId ?? null;
    },

    async getMany(kind, localIds) {
      checkKind(kind);
      const out = new Map<string, string>();
      const ids = [...new Set(localIds)];
      for (let i = 0; i < ids.length; i += CHUNK) {
        const rows = await db.syncRecord.findMany({
          where: { connectionId: conn.id, kind, localId: { in: ids.slice(i, i + CHUNK) }, externalId: { not: null } },
          select: { localId: true, externalId: true },
        });
        for (const r of rows) if (r.externalId) out.set(r.localId, r.externalId);
      }
      return out;
    },

    async put(kind, localId, externalId) {
      checkKind(kind);
      // One statement, committed at once: the connector calls this right after the vendor answered, so a
      // crash a moment later still leaves the id recorded.
      await db.$executeRaw`
        insert into "SyncRecord" ("id", "connectionId", "businessId", "kind", "localId", "externalId", "status", "syncedAt", "updatedAt")
        values (gen_random_uuid(), ${conn.id}::uuid, ${conn.businessId}::uuid, ${kind}, ${localId}, ${externalId}, 'synced', timezone('utc', now()), timezone('utc', now()))
        on conflict ("connectionId", "kind", "localId") do update set
          "externalId" = excluded."externalId", "status" = 'synced', "syncedAt" = excluded."syncedAt", "updatedAt" = excluded."updatedAt"`;
    },
  };
}
