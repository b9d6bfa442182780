import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { inject } from 'vitest';
import { BUILT_IN_MANIFESTS } from '../connectors/index.ts';
import type { ConnectorManifest } from '../connectors/manifest.ts';
import { buildApp } from '../server/app.ts';
import type { RouteModule } from '../server/http/route-module.ts';
import { loadConfig, type Config } from '../server/config.ts';
import type { AppContext } from '../server/context.ts';
import { createDb } from '../server/db/client.ts';
import { createHttpServer } from '../server/http/server.ts';
import { createLogger } from '../server/log.ts';
import { attachUpgrades } from '../server/upgrades.ts';
import { appContext, type ContextOptions } from '../server/runtime.ts';

export const TEST_KEY = Buffer.alloc(32, 7).toString('base64');

/** `connectors`: manifests registered beside the built-in ones, as an integrator would. */
export function testConfig(env: Record<string, string> = {}, connectors: readonly ConnectorManifest[] = []): Config {
  return loadConfig(
    {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: inject('databaseUrl'),
      ENCRYPTION_KEY: TEST_KEY,
      JWT_SECRET: 'test-secret-test-secret-test-secret-0123',
      PUBLIC_BASE_URL: 'https://leadline.test',
      AUTH_RATE_LIMIT_PER_MINUTE: '100000',
      ...env,
    },
    undefined,
    [...BUILT_IN_MANIFESTS, ...connectors],
  );
}

export interface TestApp {
  url: string;
  ctx: AppContext;
  server: Server;
  close(): Promise<void>;
}

/**
 * The real app on a loopback port, against the run's real PostgreSQL. `modules` replaces the route modules
 * (e.g. one built with test options); `connectors` registers connector manifests beside the built-in ones;
 * `upgrades: false` leaves out the WebSocket / stream takeover wiring. The context is built as every entry point builds it (appContext); `ctx` replaces parts of it.
 */
export async function startTestApp(
  opts: {
    env?: Record<string, string>;
    connectors?: readonly ConnectorManifest[];
    ctx?: Partial<AppContext>;
    events?: ContextOptions['events'];
    modules?: RouteModule[];
    upgrades?: boolean;
  } = {},
): Promise<TestApp> {
  const config = testConfig(opts.env, opts.connectors);
  const db = createDb(config.DATABASE_URL!, { max: 5 });
  const log = opts.ctx?.log ?? createLogger('silent');
  const ctx = appContext(config, db, log, {
    ...(opts.events ? { events: opts.events } : {}),
    ...(opts.ctx ? { parts: opts.ctx } : {}),
  });
  const server = createHttpServer(buildApp(ctx, opts.modules), config).listen(0, '127.0.0.1');
  const upgrades = opts.upgrades === false ? null : attachUpgrades(ctx, server);
  await new Promise((r) => server.once('listening', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    ctx,
    server,
    close: async () => {
      await upgrades?.close();
      await ctx.events.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await db.$disconnect();
    },
  };
}
