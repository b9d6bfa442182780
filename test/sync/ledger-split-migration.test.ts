/** The migration that moved the connectors' ledger out of SyncRecord keeps every id and every status row. */
import { randomUUID } from 'node:crypto';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { applyMigrations, MIGRATIONS_DIR } from '../../server/db/migrate.ts';

const base = inject('databaseUrl');
const name = `ledger_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
let dir: string | undefined;

afterAll(async () => {
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('sync_ledger_split migration', () => {
  it('moves colon kinds to SyncLedgerEntry and leaves the status rows', async () => {
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const u = new URL(base);
    u.pathname = `/${name}`;
    const url = u.toString();

    // The database as it was before the split: every migration older than it.
    dir = await mkdtemp(path.join(os.tmpdir(), 'leadline-mig-'));
    const all = (await readdir(MIGRATIONS_DIR, { withFileTypes: true }))
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    const split = all.findIndex((n) => n.endsWith('_sync_ledger_split'));
    expect(split).toBeGreaterThan(0);
    for (const n of all.slice(0, split)) await cp(path.join(MIGRATIONS_DIR, n), path.join(dir, n), { recursive: true });
    await cp(path.join(MIGRATIONS_DIR, 'migration_lock.toml'), path.join(dir, 'migration_lock.toml'));
    await applyMigrations(url, dir);

    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      const biz = randomUUID();
      const conn = randomUUID();
      await c.query(
        `insert into "Business" ("id", "name", "widgetPublicKey", "updatedAt") values ($1, 'Biz', $2, now())`,
        [biz, `pk_${biz}`],
      );
      await c.query(
        `insert into "Connection" ("id", "businessId", "provider", "externalAccountId", "accessTokenEnc", "tokenKeyId", "status", "updatedAt")
         values ($1, $2, 'hubspot', '1', 'x', 'k', 'active', now())`,
        [conn, biz],
      );
      const row = (kind: string, localId: string, externalId: string | null, status: string) =>
        c.query(
          `insert into "SyncRecord" ("id", "connectionId", "businessId", "kind", "localId", "externalId", "status", "updatedAt") values (gen_random_uuid(), $1, $2, $3, $4, $5, $6::"SyncStatus", now())`,
          [conn, biz, kind, localId, externalId, status],
        );
      await row('lead', 'L1', '901', 'synced');
      await row('call', 'C1', null, 'pending');
      await row('lead:contact', 'L1', '901', 'synced');
      await row('phone:contact', '+15550001', '901', 'synced');
      await row('call:sent', 'C1', 'sent', 'synced');

      expect(await applyMigrations(url)).toEqual(all.slice(split));
      const status = (
        await c.query(`select "kind", "localId", "externalId", "status" from "SyncRecord" order by "kind"`)
      ).rows;
      expect(status).toEqual([
        { kind: 'call', localId: 'C1', externalId: null, status: 'pending' },
        { kind: 'lead', localId: 'L1', externalId: '901', status: 'synced' },
      ]);
      const ledger = (
        await c.query(
          `select "connectionId", "businessId", "kind", "localId", "externalId" from "SyncLedgerEntry" order by "kind"`,
        )
      ).rows;
      expect(ledger).toEqual([
        { connectionId: conn, businessId: biz, kind: 'call:sent', localId: 'C1', externalId: 'sent' },
        { connectionId: conn, businessId: biz, kind: 'lead:contact', localId: 'L1', externalId: '901' },
        { connectionId: conn, businessId: biz, kind: 'phone:contact', localId: '+15550001', externalId: '901' },
      ]);
    } finally {
      await c.end();
    }
  });
});
