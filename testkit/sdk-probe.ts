/**
 * Child process of test/connectors/lazy-sdks.test.ts: loads the web app the way a web node does (server/app.ts,
 * the connector registry with all three providers configured, buildApp) and prints which SDK packages got
 * loaded; with `authorize-google`, then asks Google for an authorize URL and prints them again; with `worker`,
 * warms the SDKs up as a starting worker does and prints them again.
 * Loads are seen twice: through module hooks (ESM resolution) and in require.cache (the SDKs are CommonJS).
 */
import { createRequire, register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';

const { port1, port2 } = new MessageChannel();
const resolved: string[] = [];
let flushed: (() => void) | null = null;
port1.on('message', (m: { url?: string; flushed?: boolean }) => {
  if (m.url) resolved.push(m.url);
  if (m.flushed) flushed?.();
});
port1.unref();
register('./sdk-load-hooks.mjs', { parentURL: import.meta.url, data: { port: port2 }, transferList: [port2] });

const requireCache = createRequire(import.meta.url).cache;

// Imported after the hooks are in place, like everything below: a manifest that loaded an SDK would show.
const { BUILT_IN_MANIFESTS } = await import('../connectors/index.ts');
// What each manifest says its connector loads on first use.
const SDKS = BUILT_IN_MANIFESTS.flatMap((m) => m.lazyPackages ?? []);

async function loadedSdks(): Promise<string[]> {
  // Held open while waiting: an unref'd port alone would let the process exit mid-await.
  port1.ref();
  await new Promise<void>((r) => {
    flushed = r;
    port1.postMessage('flush');
  });
  port1.unref();
  const paths = [...resolved.map((u) => new URL(u).pathname), ...Object.keys(requireCache)];
  return SDKS.filter((name) => paths.some((p) => p.includes(`/node_modules/${name}/`)));
}

const { buildApp } = await import('../server/app.ts');
const { loadConfig } = await import('../server/config.ts');
const { createDb } = await import('../server/db/client.ts');
const { createLogger } = await import('../server/log.ts');
const { appContext } = await import('../server/runtime.ts');

const config = loadConfig({
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  // Never connected to: building the app opens no connection.
  DATABASE_URL: 'postgresql://probe:probe@127.0.0.1:9/probe',
  JWT_SECRET: 'probe-secret-probe-secret-probe-secret-0',
  PUBLIC_BASE_URL: 'https://leadline.test',
  // Every built-in provider configured.
  ...Object.fromEntries(
    BUILT_IN_MANIFESTS.flatMap((m) => [
      [m.credentials.clientId, `${m.provider}-id`],
      [m.credentials.clientSecret, `${m.provider}-secret`],
    ]),
  ),
});
const db = createDb(config.DATABASE_URL!, { max: 1 });
const log = createLogger('silent');
const ctx = appContext(config, db, log, { parts: { telephony: null } });
buildApp(ctx);
// The registry the routes and sync jobs use, with every configured connector created.
const connectors = ctx.connectors;
const out: Record<string, unknown> = { providers: [...connectors.keys()].sort(), atStartup: await loadedSdks() };
if (process.argv.includes('authorize-google')) {
  await connectors.get('google-calendar')!.oauth.authorizeUrl({
    state: 's',
    codeChallenge: 'c',
    redirectUri: 'https://leadline.test/oauth/google-calendar/callback',
  });
  out.afterGoogleAuthorize = await loadedSdks();
}
if (process.argv.includes('worker')) {
  // What a starting worker runs (in the background; awaited here through the same cached loads).
  const { warmUpConnectors } = await import('../server/sync/registry.ts');
  warmUpConnectors(ctx);
  await Promise.all([...connectors.values()].map((c) => c.warmUp?.()));
  out.afterWorkerStart = await loadedSdks();
}
await db.$disconnect();
console.log(JSON.stringify(out));
