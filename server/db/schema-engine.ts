import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import * as bg from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';

/**
 * Prisma's WebAssembly schema engine, driven through the pg driver adapter. The native engine would have
 * to be downloaded; this one ships in the npm package, so migrations work offline (see toolchain notes).
 */
type Bindings = typeof bg & { SchemaEngine: typeof SchemaEngine };
let loaded: Promise<Bindings> | undefined;

function loadWasm() {
  loaded ??= (async () => {
    const require = createRequire(import.meta.url);
    const dir = path.dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg'));
    const module = await WebAssembly.compile(await readFile(path.join(dir, 'schema_engine_bg.wasm')));
    const instance = await WebAssembly.instantiate(module, { './schema_engine_bg.js': bg as unknown as WebAssembly.ModuleImports });
    const exports = instance.exports as unknown as { __wbindgen_start(): void };
    (bg as unknown as { __wbg_set_wasm(e: unknown): void }).__wbg_set_wasm(exports);
    exports.__wbindgen_start();
    // The package's main entry imports the .wasm file as a module, which Node cannot do; the bindings
    // module (`_bg`) is the same code without that import.
    return bg as unknown as Bindings;
  })();
  return loaded;
}

export async function openSchemaEngine(connectionString: string, datamodels: [string, string][]): Promise<SchemaEngine> {
  const { SchemaEngine: Engine } = await loadWasm();
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg({ connectionString }));
  return Engine.new({ datamodels }, () => {}, adapter);
}
