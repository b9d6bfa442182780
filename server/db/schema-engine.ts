import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import * as bg from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';
import pg from 'pg';

/**
 * Prisma's WebAssembly schema engine, driven through the pg driver adapter. The native engine would have
 * to be downloaded; this one ships in the npm package, so migrations work offline (see toolchain notes).
 */
type Bindings = typeof bg & { SchemaEngine: typeof SchemaEngine };
let loaded: Promise<Bindings> | undefined;

/**
 * The engine races each wait against a timer (10 s for the migration lock) and never clears it, so the
 * timers outlive the engine and keep the process alive for 10 s after migrating. They are tracked and
 * cleared once no engine is running; a running engine's timers are left alone.
 */
const pendingTimers = new Set<NodeJS.Timeout>();
let runningEngines = 0;
function trackedSetTimeout(fn: () => void, ms: number) {
  const t = setTimeout(() => {
    pendingTimers.delete(t);
    fn();
  }, ms >>> 0);
  pendingTimers.add(t);
  return t;
}
function clearIdleTimers() {
  if (runningEngines > 0) return;
  for (const t of pendingTimers) clearTimeout(t);
  pendingTimers.clear();
}

function loadWasm() {
  loaded ??= (async () => {
    const require = createRequire(import.meta.url);
    const dir = path.dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg'));
    const module = await WebAssembly.compile(await readFile(path.join(dir, 'schema_engine_bg.wasm')));
    const imports: WebAssembly.ModuleImports = { ...(bg as unknown as WebAssembly.ModuleImports) };
    for (const name of Object.keys(imports).filter((k) => k.startsWith('__wbg_setTimeout_')))
      imports[name] = trackedSetTimeout;
    const instance = await WebAssembly.instantiate(module, { './schema_engine_bg.js': imports });
    const exports = instance.exports as unknown as { __wbindgen_start(): void };
    (bg as unknown as { __wbg_set_wasm(e: unknown): void }).__wbg_set_wasm(exports);
    exports.__wbindgen_start();
    // The package's main entry imports the .wasm file as a module, which Node cannot do; the bindings
    // module (`_bg`) is the same code without that import.
    return bg as unknown as Bindings;
  })();
  return loaded;
}

/**
 * Runs `fn` with a schema engine on its own single-connection pool, then frees the engine and closes the
 * pool. Migrations hold a session advisory lock (`pg_advisory_lock(72707369)`): on a pool of several
 * connections its unlock can land on another session and do nothing, and freeing the engine does not
 * close the pool, so the lock stayed on an idle connection until pg's 10 s idle timeout, and every other
 * process starting meanwhile waited for it or failed. One connection, closed when done, releases it now.
 */
export async function withSchemaEngine<T>(
  connectionString: string,
  datamodels: [string, string][],
  fn: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const { SchemaEngine: Engine } = await loadWasm();
  const pool = new pg.Pool({ connectionString, max: 1 });
  runningEngines++;
  try {
    const engine = await Engine.new({ datamodels }, () => {}, bindMigrationAwareSqlAdapterFactory(new PrismaPg(pool)));
    try {
      return await fn(engine);
    } finally {
      engine.free();
    }
  } finally {
    runningEngines--;
    await pool.end();
    clearIdleTimers();
  }
}
