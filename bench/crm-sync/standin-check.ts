/**
 * Pushes N leads (default 1000, a third phone-only) through the HubSpot connector into the local stand-in
 * with HubSpot's real limits, a shared-budget stand-in and 10 % injected 5xx, then re-pushes them all.
 * Prints requests per kind, wall time, 429s and duplicates. Local only (127.0.0.1); bounded rounds.
 *   npx tsx bench/crm-sync/standin-check.ts [N] [failureRate] [latencyMs]
 */
import { createHubspotConnector } from '../../connectors/hubspot/index.ts';
import type { SyncWork } from '../../connectors/types.ts';
import { startHubspotStandin } from '../../testkit/hubspot-standin.ts';
import { MemoryBudget, memoryContext } from '../../testkit/memory-ledger.ts';
import { work } from '../../testkit/sync-payloads.ts';

const n = Number(process.argv[2] ?? 1000);
const failureRate = Number(process.argv[3] ?? 0.1);
const latencyMs = Number(process.argv[4] ?? 30);

const standin = await startHubspotStandin({ failureRate, latencyMs, seed: 42 });
const connector = createHubspotConnector({
  clientId: 'c',
  clientSecret: 's',
  apiBaseUrl: standin.url,
  appBaseUrl: 'https://app.hubspot.test',
});
const ctx = memoryContext({
  tokens: ['standin-token'],
  budget: new MemoryBudget({
    limits: { objects: { max: 100, windowMs: 10_000 }, search: { max: 5, windowMs: 1_000 } },
  }),
});
const works = Array.from({ length: n }, (_, i) => (i % 3 === 2 ? work(i + 1, { lead: { email: null } }) : work(i + 1)));

async function run(label: string, all: SyncWork[]): Promise<void> {
  const started = performance.now();
  const before = standin.stats();
  let pending = all;
  let rounds = 0;
  while (pending.length > 0 && rounds < 50) {
    rounds++;
    const outs = await connector.push(ctx, pending);
    const failed = new Set(outs.filter((o) => o.status === 'failed').map((o) => o.key));
    pending = pending.filter((w) => failed.has(w.key));
  }
  const after = standin.stats();
  const requests = Object.fromEntries(
    Object.entries(after.requests).map(([k, v]) => [k, v - (before.requests[k] ?? 0)]),
  );
  console.log(
    JSON.stringify({
      label,
      works: all.length,
      rounds,
      unsynced: pending.length,
      ms: Math.round(performance.now() - started),
      requests,
      totalRequests: after.total - before.total,
      serverErrors: after.serverErrors - before.serverErrors,
      rateLimited: after.rateLimited,
      contacts: after.contacts,
      calls: after.calls,
      duplicates: after.duplicates,
    }),
  );
}

try {
  await run('first push', works);
  await run('re-push', works);
} finally {
  await standin.stop();
}
