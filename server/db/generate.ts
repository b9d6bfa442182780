/**
 * `prisma generate` without network: Prisma 7 tries to download its native schema engine before generating,
 * although generation never runs it. Pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing file skips the
 * download (see shared toolchain notes). Migrations use the WebAssembly engine instead (migrate.ts).
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const placeholder = require.resolve('prisma/package.json');
const cli = require.resolve('prisma/build/index.js');
const r = spawnSync(process.execPath, [cli, 'generate'], {
  stdio: ['ignore', 'inherit', 'inherit'],
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? placeholder,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
  },
});
process.exit(r.status ?? 1);
