/**
 * Outgoing webhooks. 10,000 events to 100 local endpoints (one per business), emitted open-loop through the
 * transactional outbox, sent by WORKERS dispatcher processes on one PostgreSQL: all delivered, none twice
 * in the receivers' view of webhook-ids, event → first delivery p50/p99. Then the isolation case (a 10 s
 * endpoint beside a healthy one vs the healthy one alone) and the signing cost per delivery.
 * Scale down with BENCH_WEBHOOK_EVENTS / BENCH_WEBHOOK_ENDPOINTS / BENCH_WEBHOOK_RATE.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../server/config.ts';
import { createDb } from '../../server/db/client.ts';
import { startEmbeddedPostgres } from '../../server/db/embedded.ts';
import { applyMigrations } from '../../server/db/migrate.ts';
import { emitWebhookEvents, type WebhookEmit } from '../../server/webhooks/outbox.ts';
import {
  newSigningSecret,
  openSigningSecret,
  sealSigningSecret,
  signedHeaders,
} from '../../server/webhooks/signing.ts';
import { writeSection } from '../lib/results.ts';
import { startChild } from '../lib/server.ts';

const EVENTS = Number(process.env.BENCH_WEBHOOK_EVENTS ?? 10_000);
const ENDPOINTS = Number(process.env.BENCH_WEBHOOK_ENDPOINTS ?? 100);
const RATE = Number(process.env.BENCH_WEBHOOK_RATE ?? 500); // events per second, open loop
const WORKERS = Number(process.env.BENCH_WEBHOOK_WORKERS ?? 2);
const ISO_EVENTS = Number(process.env.BENCH_WEBHOOK_ISOLATION_EVENTS ?? 200);

const dir = mkdtempSync(path.join(os.tmpdir(), 'leadline-bench-webhooks-'));
const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), ephemeral: true });
await applyMigrations(pg.url);
const env = {
  NODE_ENV: 'development',
  LOG_LEVEL: 'warn',
  DATABASE_URL: pg.url,
  ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64'),
  JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0',
  WEBHOOKS_ALLOW_LOOPBACK: 'true',
  WEBHOOK_TIMEOUT_MS: '15000',
};
const config = loadConfig(env, () => {});
const db = createDb(pg.url, { max: 10 });

const receivers = fork(path.join(import.meta.dirname, 'receivers.ts'), [], {
  execArgv: ['--import', 'tsx'],
  env: { ...process.env, RECEIVERS: String(ENDPOINTS) },
  stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
});
const ports = await new Promise<number[]>((resolve) => {
  let buf = '';
  receivers.stdout!.on('data', (d) => {
    buf += String(d);
    const m = buf.match(/READY (\{.*\})/);
    if (m) resolve((JSON.parse(m[1]!) as { ports: string }).ports.split(',').map(Number));
  });
});
const ask = <T>(child: ChildProcess, msg: object) =>
  new Promise<T>((resolve) => {
    child.once('message', (m) => resolve(m as T));
    child.send(msg);
  });
type Row = { path: string; id: string; at: number; eventAt: number };
const statsOf = (prefix: string) => ask<{ rows: Row[] }>(receivers, { cmd: 'stats', path: prefix });

async function endpoint(businessId: string, url: string) {
  const id = crypto.randomUUID();
  await db.webhookEndpoint.create({
    data: {
      id,
      businessId,
      url,
      events: ['callback.updated'],
      secretEnc: sealSigningSecret(config, id, newSigningSecret()),
    },
  });
}

/** A business with one endpoint (what an integrator sets up). */
async function business(name: string, url: string) {
  const b = await db.business.create({ data: { name, widgetPublicKey: `pk_${crypto.randomUUID()}` } });
  await endpoint(b.id, url);
  return b.id;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil(s.length * p) - 1)]! : NaN;
};
const callback = (businessId: string): WebhookEmit => ({
  businessId,
  type: 'callback.updated',
  data: { callbackRequestId: crypto.randomUUID(), businessId, status: 'ringing' },
});

/** Emits `n` events round-robin over `businesses` at RATE per second, in transactions of `batch`. */
async function emit(businesses: string[], n: number, rate = RATE, batch = 10) {
  const started = performance.now();
  for (let i = 0; i < n; i += batch) {
    const events = Array.from({ length: Math.min(batch, n - i) }, (_, k) =>
      callback(businesses[(i + k) % businesses.length]!),
    );
    await db.$transaction((tx) => emitWebhookEvents(tx, events));
    const due = started + ((i + batch) / rate) * 1000;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
}

async function waitFor(prefix: string, n: number, timeoutMs: number) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await statsOf(prefix);
    if (new Set(rows.map((r) => r.id)).size >= n || Date.now() > end) return rows;
    await new Promise((r) => setTimeout(r, 250));
  }
}

const workers = [];
for (let i = 0; i < WORKERS; i++) workers.push(await startChild('bench/webhooks/worker-child.ts', env));

// ---- 1. many events to many endpoints
const bulk: string[] = [];
for (let i = 0; i < ENDPOINTS; i++) bulk.push(await business(`Bulk ${i}`, `http://127.0.0.1:${ports[i]}/bulk/${i}`));
const t0 = performance.now();
await emit(bulk, EVENTS);
const emitSeconds = (performance.now() - t0) / 1000;
const rows = await waitFor('/bulk/', EVENTS, 120_000);
const drainSeconds = (performance.now() - t0) / 1000;
const first = new Map<string, Row>();
for (const r of rows) if (!first.has(r.id)) first.set(r.id, r);
const dupes = rows.length - first.size;
const lat = [...first.values()].map((r) => r.at - r.eventAt);
const written = await db.webhookEvent.count();

// ---- 2. isolation: a 10 s endpoint beside a healthy one, vs the healthy one alone
const slowPort = ports[ENDPOINTS]!;
const alone = await business('Alone', `http://127.0.0.1:${ports[0]}/alone`);
await emit([alone], ISO_EVENTS, 50, 1);
const aloneRows = await waitFor('/alone', ISO_EVENTS, 30_000);
const pair = await business('Pair', `http://127.0.0.1:${ports[1]}/beside`);
await endpoint(pair, `http://127.0.0.1:${slowPort}/slow`);
await emit([pair], ISO_EVENTS, 50, 1);
const besideRows = await waitFor('/beside', ISO_EVENTS, 30_000);
const slowRows = (await statsOf('/slow')).rows;
const isoLat = (rs: Row[]) => rs.map((r) => r.at - r.eventAt);

// ---- 3. signing cost per delivery (what the dispatcher does per request besides I/O)
const secret = newSigningSecret();
const sealed = sealSigningSecret(config, 'ep', secret);
const payload = JSON.stringify({
  type: 'lead.created',
  timestamp: new Date().toISOString(),
  data: { leadId: crypto.randomUUID(), summary: 'x'.repeat(600), customFields: { a: '1' } },
});
const N = 20_000;
const time = (f: () => void) => {
  for (let i = 0; i < 1000; i++) f();
  const s = performance.now();
  for (let i = 0; i < N; i++) f();
  return ((performance.now() - s) * 1000) / N;
};
const signOne = time(() => signedHeaders([secret], 'msg_x', payload));
const signTwo = time(() => signedHeaders([secret, secret], 'msg_x', payload));
const openAndSign = time(() => signedHeaders([openSigningSecret(config, 'ep', sealed)], 'msg_x', payload));

for (const w of workers) await w.stop();
receivers.kill('SIGTERM');
await once(receivers, 'exit');
await db.$disconnect();
await pg.stop();
rmSync(dir, { recursive: true, force: true });

const r1 = (x: number) => Math.round(x * 10) / 10;
writeSection(import.meta.url, [
  `### Outgoing webhooks (${EVENTS.toLocaleString('en')} events, ${ENDPOINTS} endpoints, ${WORKERS} worker processes, ${RATE} events/s emitted)`,
  '',
  '| measure | value |',
  '|---|---|',
  `| events written (outbox) | ${written} |`,
  `| delivered (distinct webhook-ids received) | ${first.size} of ${EVENTS} |`,
  `| delivered twice (same webhook-id received again) | ${dupes} |`,
  `| event → first delivery p50 / p99 / max | ${pct(lat, 0.5)} / ${pct(lat, 0.99)} / ${Math.max(...lat)} ms |`,
  `| emitting took / all delivered after | ${r1(emitSeconds)} s / ${r1(drainSeconds)} s |`,
  `| isolation: healthy endpoint alone, p50 / p99 | ${pct(isoLat(aloneRows), 0.5)} / ${pct(isoLat(aloneRows), 0.99)} ms (${aloneRows.length} events) |`,
  `| isolation: healthy beside a 10 s endpoint, p50 / p99 | ${pct(isoLat(besideRows), 0.5)} / ${pct(isoLat(besideRows), 0.99)} ms (${besideRows.length} events; the slow one had received ${slowRows.length}) |`,
  `| signing per delivery (1 secret / 2 during rotation / unseal + sign) | ${r1(signOne)} / ${r1(signTwo)} / ${r1(openAndSign)} µs |`,
]);
process.exit(0);
