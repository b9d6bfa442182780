/**
 * `npm run api:client`: writes client/generated/leadline-api.ts, the typed `paths` of the OpenAPI document,
 * from the same zod route declarations the server validates with. `--check` exits 1 when it is stale.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { routeModules } from '../app.ts';
import { loadConfig } from '../config.ts';
import { createDb } from '../db/client.ts';
import { OpenApiRegistry } from '../http/openapi.ts';
import { openApiToTypeScript } from '../http/openapi-typescript.ts';
import { createLogger } from '../log.ts';
import { appContext } from '../runtime.ts';

export const CLIENT_TYPES = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../client/generated/leadline-api.ts',
);

/** The document the service serves, built without a database (route modules only declare themselves). */
export function apiDocument() {
  const config = loadConfig(
    {
      NODE_ENV: 'development',
      LOG_LEVEL: 'silent',
      DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none',
      ENCRYPTION_KEY: Buffer.alloc(32).toString('base64'),
      JWT_SECRET: 'x'.repeat(32),
      PUBLIC_BASE_URL: 'https://leadline.example',
    },
    () => {},
  );
  const db = createDb(config.DATABASE_URL!, { max: 1 });
  const ctx = appContext(config, db, createLogger('silent'));
  const registry = new OpenApiRegistry();
  for (const m of routeModules) m(ctx, registry);
  return registry.document({ title: 'Leadline', version: '1', serverUrl: config.PUBLIC_BASE_URL });
}

export const clientTypesSource = () => openApiToTypeScript(apiDocument() as never);

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const fresh = clientTypesSource();
  if (process.argv.includes('--check')) {
    const current = await readFile(CLIENT_TYPES, 'utf8').catch(() => '');
    if (current !== fresh) {
      console.error(`${path.relative(process.cwd(), CLIENT_TYPES)} is stale: run npm run api:client`);
      process.exit(1);
    }
  } else {
    await writeFile(CLIENT_TYPES, fresh);
    console.log(`Wrote ${path.relative(process.cwd(), CLIENT_TYPES)}`);
  }
  process.exit(0);
}
