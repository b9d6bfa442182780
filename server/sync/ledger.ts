/**
 * The connectors' SyncLedger, backed by this connection's SyncLedgerEntry rows. Kinds are the connector's
 * own ('lead:contact', 'phone:contact', 'call:call'): '<ours>:<theirs>', checked here so a typo cannot
 * pass for a kind.
 */
import type { LedgerEntry, SyncLedger } from '../../connectors/types.ts';
import { Prisma, type Db } from '../db/client.ts';
import { FencedError, type Lease } from './lease.ts';
import { UTC_NOW } from './utc-now.ts';

const CHUNK = 1000;

function checkKind(kind: string): void {
  if (!/^[^:]+:[^:]+$/.test(kind)) throw new Error(`ledger kind "${kind}" must look like 'ours:theirs'`);
}

/** One statement for any number of entries, written only where `guard` holds. */
function upsertEntries(
  db: Pick<Db, '$executeRaw'>,
  conn: { id: string; businessId: string },
  rows: LedgerEntry[],
  guard: Prisma.Sql,
): Promise<number> {
  return db.$executeRaw`
    insert into "SyncLedgerEntry" ("connectionId", "businessId", "kind", "localId", "externalId", "createdAt", "updatedAt")
    select ${conn.id}::uuid, ${conn.businessId}::uuid, u.kind, u.local, u.ext, ${UTC_NOW}, ${UTC_NOW}
    from unnest(${rows.map((r) => r.kind)}::text[], ${rows.map((r) => r.localId)}::text[], ${rows.map((r) => r.externalId)}::text[]) as u(kind, local, ext)
    where ${guard}
    on conflict ("connectionId", "kind", "localId") do update set "externalId" = excluded."externalId", "updatedAt" = excluded."updatedAt"`;
}

/**
 * What a connector's install-time `prepare` found, written in the install's transaction. Unguarded: these are
 * facts about the provider account (a property exists), true whoever writes them, not ids a drain received.
 */
export async function writeInstallEntries(
  tx: Pick<Db, '$executeRaw'>,
  conn: { id: string; businessId: string },
  entries: LedgerEntry[],
): Promise<void> {
  for (const e of entries) checkKind(e.kind);
  if (entries.length) await upsertEntries(tx, conn, entries, Prisma.sql`true`);
}

export interface BufferedLedger extends SyncLedger {
  /** Makes every put so far durable (one statement). */
  flush(): Promise<void>;
}

/**
 * Puts are buffered and written in one statement when the connector next takes from the request budget
 * (i.e. before its next vendor request leaves), when it reads the ledger, and before outcomes are settled.
 * So the ids a vendor answer carried are durable before anything else is sent — the crash window is the
 * same as writing each id at once — at one round trip per vendor answer instead of one per id.
 *
 * With a lease (a drain's ledger), the write carries its guard: once the lease has passed on, nothing is
 * written and the flush throws FencedError — a late answer's ids are dropped, never merged. Without one
 * (reads for the mapping editor, calendar lookups) writes are unguarded.
 */
export function createDbLedger(db: Db, conn: { id: string; businessId: string }, lease?: Lease): BufferedLedger {
  const buffer = new Map<string, LedgerEntry>();

  async function flush(): Promise<void> {
    if (buffer.size === 0) return;
    const rows = [...buffer.values()];
    buffer.clear();
    let written: number;
    try {
      written = await upsertEntries(db, conn, rows, lease ? lease.guard : Prisma.sql`true`);
    } catch (err) {
      // Not written: keep them for the next flush (newer puts of the same key win).
      for (const r of rows)
        if (!buffer.has(`${r.kind}\u0000${r.localId}`)) buffer.set(`${r.kind}\u0000${r.localId}`, r);
      throw err;
    }
    if (written === 0 && lease)
      throw new FencedError(`ledger write refused: the sync lease of connection ${conn.id} passed on`);
  }

  return {
    flush,
    async get(kind, localId) {
      checkKind(kind);
      const pending = buffer.get(`${kind}\u0000${localId}`);
      if (pending) return pending.externalId;
      const row = await db.syncLedgerEntry.findUnique({
        where: { connectionId_kind_localId: { connectionId: conn.id, kind, localId } },
        select: { externalId: true },
      });
      return row?.externalId ?? null;
    },

    async getMany(kind, localIds) {
      checkKind(kind);
      await flush();
      const out = new Map<string, string>();
      const ids = [...new Set(localIds)];
      for (let i = 0; i < ids.length; i += CHUNK) {
        const rows = await db.syncLedgerEntry.findMany({
          where: { connectionId: conn.id, kind, localId: { in: ids.slice(i, i + CHUNK) } },
          select: { localId: true, externalId: true },
        });
        for (const r of rows) out.set(r.localId, r.externalId);
      }
      return out;
    },

    async put(kind, localId, externalId) {
      checkKind(kind);
      buffer.set(`${kind}\u0000${localId}`, { kind, localId, externalId });
    },
  };
}
