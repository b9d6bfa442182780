import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { applyMigrations, diffSchemas, SCHEMA_PATH, SNAPSHOT_PATH } from '../../server/db/migrate.ts';

const base = inject('databaseUrl');
const created: string[] = [];

async function freshDatabase(): Promise<string> {
  const name = `mig_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name} strategy file_copy`);
  await admin.end();
  created.push(name);
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * Expression indexes written by hand in a migration because Prisma's schema cannot state them (the
 * inbox search's, migration console_onboarding_search): left out of the comparison with the schema.
 */
const HAND_WRITTEN_INDEXES = [
  'Lead_name_words_idx',
  'Lead_phone_reversed_idx',
  'Call_from_reversed_idx',
  // Partial unique indexes of the do-not-call lists (migration do_not_call_unique).
  'DoNotCall_business_phone_key',
  'DoNotCall_platform_phone_key',
];

/** Everything about the public schema that a migration can change, in a comparable form. */
async function catalog(url: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const q = async (sql: string) => (await c.query(sql)).rows.map((r) => JSON.stringify(r)).sort();
    return {
      columns: await q(
        `select table_name, column_name, data_type, udt_name, is_nullable, column_default from information_schema.columns where table_schema = 'public' and table_name <> '_prisma_migrations'`,
      ),
      indexes: await q(
        `select tablename, indexdef from pg_indexes where schemaname = 'public' and tablename <> '_prisma_migrations' and indexname <> all(array[${HAND_WRITTEN_INDEXES.map((n) => `'${n}'`).join(',')}])`,
      ),
      constraints: await q(
        `select conrelid::regclass::text as tbl, conname, pg_get_constraintdef(oid) as def from pg_constraint where connamespace = 'public'::regnamespace and conrelid::regclass::text <> '_prisma_migrations'`,
      ),
      enums: await q(
        `select t.typname, e.enumlabel, e.enumsortorder from pg_type t join pg_enum e on e.enumtypid = t.oid`,
      ),
    };
  } finally {
    await c.end();
  }
}

afterAll(async () => {
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  for (const name of created) await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
});

describe('migrations', () => {
  it('apply to a fresh database, then a second time change nothing', async () => {
    const url = await freshDatabase();
    const first = await applyMigrations(url);
    expect(first.length).toBeGreaterThan(0);
    const before = await catalog(url);
    expect(await applyMigrations(url)).toEqual([]);
    expect(await catalog(url)).toEqual(before);
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const rows = (
      await c.query('select migration_name, finished_at, checksum from _prisma_migrations order by migration_name')
    ).rows;
    await c.end();
    expect(rows.map((r) => r.migration_name)).toEqual(first);
    for (const r of rows) expect(r.finished_at).not.toBeNull();
  });

  it('build exactly the database the schema describes', async () => {
    const fromFiles = await freshDatabase();
    await applyMigrations(fromFiles);
    const fromSchema = await freshDatabase();
    const sql = await diffSchemas(fromSchema, null, await readFile(SCHEMA_PATH, 'utf8'));
    const c = new pg.Client({ connectionString: fromSchema });
    await c.connect();
    await c.query(sql);
    await c.end();
    const [a, b] = [await catalog(fromFiles), await catalog(fromSchema)];
    expect(a.columns.length).toBeGreaterThan(100);
    expect(a).toEqual(b);
  });

  it('have no schema edit waiting for a migration', async () => {
    const [snapshot, schema] = await Promise.all([readFile(SNAPSHOT_PATH, 'utf8'), readFile(SCHEMA_PATH, 'utf8')]);
    expect(await diffSchemas(base, snapshot, schema), 'run `npm run db:migration -- <name>`').toBe('');
  });
});
