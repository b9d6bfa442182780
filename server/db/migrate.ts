import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { withSchemaEngine } from './schema-engine.ts';

export const PRISMA_DIR = path.resolve(import.meta.dirname, '../../prisma');
export const MIGRATIONS_DIR = path.join(PRISMA_DIR, 'migrations');
export const SCHEMA_PATH = path.join(PRISMA_DIR, 'schema.prisma');
/** The schema as of the newest migration; `db:migration` diffs the edited schema against it. */
export const SNAPSHOT_PATH = path.join(MIGRATIONS_DIR, 'schema.snapshot.prisma');

const noFilters = { externalTables: [], externalEnums: [] };

export async function listMigrations(dir = MIGRATIONS_DIR) {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { withFileTypes: true });
  const dirs = entries
    .filter((e) => e.isDirectory() && existsSync(path.join(dir, e.name, 'migration.sql')))
    .map((e) => e.name)
    .sort();
  return Promise.all(
    dirs.map(async (name) => ({ name, sql: await readFile(path.join(dir, name, 'migration.sql'), 'utf8') })),
  );
}

/** Applies every pending migration, recording them in `_prisma_migrations` as `prisma migrate deploy` does. */
export async function applyMigrations(connectionString: string, dir = MIGRATIONS_DIR): Promise<string[]> {
  const migrations = await listMigrations(dir);
  const lockPath = path.join(dir, 'migration_lock.toml');
  const datamodel = await readFile(SCHEMA_PATH, 'utf8');
  const lockfile = {
    path: 'migration_lock.toml',
    content: existsSync(lockPath) ? await readFile(lockPath, 'utf8') : null,
  };
  return withSchemaEngine(connectionString, [[SCHEMA_PATH, datamodel]], async (engine) => {
    const out = await engine.applyMigrations({
      migrationsList: {
        baseDir: dir,
        lockfile,
        shadowDbInitScript: '',
        migrationDirectories: migrations.map((m) => ({
          path: m.name,
          migrationFile: { path: 'migration.sql', content: { tag: 'ok' as const, value: m.sql } },
        })),
      },
      filters: noFilters,
    });
    return out.appliedMigrationNames;
  });
}

/** SQL that takes a database from schema `from` (null = empty) to schema `to`; '' when they agree. */
export async function diffSchemas(connectionString: string, from: string | null, to: string): Promise<string> {
  return withSchemaEngine(connectionString, [[SCHEMA_PATH, to]], async (engine) => {
    const result = await engine.diff({
      from:
        from === null ? { tag: 'empty' } : { tag: 'schemaDatamodel', files: [{ path: SCHEMA_PATH, content: from }] },
      to: { tag: 'schemaDatamodel', files: [{ path: SCHEMA_PATH, content: to }] },
      script: true,
      exitCode: null,
      filters: noFilters,
    });
    const sql = result.stdout ?? '';
    return /^\s*(--[^\n]*\n?\s*)*$/.test(sql) || sql.includes('This is an empty migration') ? '' : sql;
  });
}
