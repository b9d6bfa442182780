import { afterEach, describe, expect, it } from 'vitest';
import { createHubspotConnector } from '../../../connectors/hubspot/index.ts';
import type { SyncOutcome, SyncWork } from '../../../connectors/types.ts';
import { startHubspotStandin, type HubspotStandin } from '../../../testkit/hubspot-standin.ts';
import { MemoryBudget, memoryContext, type MemoryContext } from '../../../testkit/memory-ledger.ts';
import { work } from '../../../testkit/sync-payloads.ts';

let standin: HubspotStandin | null = null;
afterEach(async () => {
  await standin?.stop();
  standin = null;
});

const TOKEN = 'standin-token';
const post = (path: string, body: unknown, token = TOKEN) =>
  fetch(`${standin!.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

/** Pushes, then re-pushes only the failed works, like server/sync's retries; bounded. */
async function pushUntilSynced(ctx: MemoryContext, works: SyncWork[], apiBaseUrl: string, maxRounds = 30) {
  const connector = createHubspotConnector({
    clientId: 'c',
    clientSecret: 's',
    apiBaseUrl,
    appBaseUrl: 'https://app.hubspot.test',
  });
  const final = new Map<string, SyncOutcome>();
  let pending = works;
  let rounds = 0;
  while (pending.length > 0 && rounds < maxRounds) {
    rounds++;
    const outs = await connector.push(ctx, pending);
    for (const o of outs) final.set(o.key, o);
    const failedKeys = new Set(outs.filter((o) => o.status === 'failed').map((o) => o.key));
    for (const o of outs) if (o.status === 'failed') expect(o.error.kind, o.error.message).toBe('transient');
    pending = pending.filter((w) => failedKeys.has(w.key));
  }
  return { final, rounds, pending };
}

describe('HubSpot stand-in', () => {
  it("enforces 100 object requests per rolling window with HubSpot's 429 body", async () => {
    standin = await startHubspotStandin({ objectsPer10s: 100 });
    const statuses: number[] = [];
    for (let i = 0; i < 101; i++)
      statuses.push((await post('/crm/v3/objects/contacts/batch/read', { inputs: [], properties: [] })).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(100);
    const res = await post('/crm/v3/objects/contacts/batch/read', { inputs: [], properties: [] });
    expect(res.status).toBe(429);
    expect(await res.json()).toMatchObject({
      status: 'error',
      errorType: 'RATE_LIMIT',
      policyName: 'TEN_SECONDLY_ROLLING',
      message: 'You have reached your ten_secondly_rolling limit.',
    });
    expect(standin.stats().rateLimited).toEqual({ TEN_SECONDLY_ROLLING: 2 });
  });

  it('enforces 5 searches per second separately, and answers 401 to an unknown token', async () => {
    standin = await startHubspotStandin();
    const statuses = await Promise.all(
      Array.from({ length: 6 }, () =>
        post('/crm/v3/objects/contacts/search', { filterGroups: [] }).then((r) => r.status),
      ),
    );
    expect(statuses.sort()).toEqual([200, 200, 200, 200, 200, 429]);
    expect((await post('/crm/v3/objects/contacts/batch/read', { inputs: [] })).status).toBe(200);
    const bad = await post('/crm/v3/objects/contacts/batch/read', { inputs: [] }, 'nope');
    expect(bad.status).toBe(401);
    expect(standin.stats()).toMatchObject({ unauthorized: 1, rateLimited: { SECONDLY: 1 } });
  });

  it('validates batches all-or-nothing and reports duplicate contacts', async () => {
    standin = await startHubspotStandin();
    const bad = await post('/crm/v3/objects/contacts/batch/create', {
      inputs: [{ properties: { email: 'a@x.test' } }, { properties: { nope: '1' } }],
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ category: 'VALIDATION_ERROR' });
    expect(standin.contacts()).toHaveLength(0);
    standin.seed([{ phone: '+15550001111' }, { phone: '+15550001111' }]);
    expect(standin.stats().duplicates).toEqual({ email: [], phone: ['+15550001111'] });
  });

  it('takes a full connector push over real HTTP: 5xx injection retried, no duplicates, re-push creates nothing', async () => {
    standin = await startHubspotStandin({ failureRate: 0.2, seed: 7 });
    const existing = standin.seed([
      { firstname: 'Old', phone: '+15551000003' },
      { email: 'lead4@example.com', firstname: 'Known' },
    ]);
    const works = Array.from({ length: 150 }, (_, i) =>
      // every third lead gave no e-mail: matched or created by phone
      i % 3 === 2 ? work(i + 1, { lead: { email: null } }) : work(i + 1),
    );
    works.push(work(151, { lead: { email: null, phone: '+15551000003' } })); // repeat caller of lead 3
    const ctx = memoryContext({
      tokens: [TOKEN],
      budget: new MemoryBudget({
        limits: { objects: { max: 100, windowMs: 10_000 }, search: { max: 5, windowMs: 1_000 } },
      }),
    });

    const { final, pending } = await pushUntilSynced(ctx, works, standin.url);
    expect(pending).toEqual([]);
    const stats = standin.stats();
    expect(stats.serverErrors).toBeGreaterThan(0);
    expect(stats.rateLimited).toEqual({});
    expect(stats.duplicates).toEqual({ email: [], phone: [] });
    // 151 works: 150 distinct people, lead 3 and 151 share a seeded contact, lead 4's e-mail was seeded.
    expect(stats.contacts).toBe(2 + 150 - 2);
    expect(stats.calls).toBe(151);
    const o3 = final.get('work-3');
    const o151 = final.get('work-151');
    expect(o3?.status === 'synced' && o3.externalIds.contact).toBe(existing[0]);
    expect(o151?.status === 'synced' && o151.externalIds.contact).toBe(existing[0]);
    const o4 = final.get('work-4');
    expect(o4?.status === 'synced' && o4.externalIds.contact).toBe(existing[1]);
    for (const c of standin.calls()) {
      expect(c.associations).toHaveLength(1);
      expect(c.associations[0]).toMatchObject({ associationTypeId: 194, associationCategory: 'HUBSPOT_DEFINED' });
    }

    const before = standin.stats();
    const again = await pushUntilSynced(ctx, works, standin.url);
    expect(again.pending).toEqual([]);
    const after = standin.stats();
    expect(after.contacts).toBe(before.contacts);
    expect(after.calls).toBe(before.calls);
    expect((after.requests['contacts.batch.create'] ?? 0) - (before.requests['contacts.batch.create'] ?? 0)).toBe(0);
    expect((after.requests['contacts.search'] ?? 0) - (before.requests['contacts.search'] ?? 0)).toBe(0);
  }, 60_000);

  it('recovers from 429s when the connection budget does not know the limit (pause + retry)', async () => {
    standin = await startHubspotStandin({ objectsPer10s: 3, objectsWindowMs: 1_000, retryAfterHeader: true });
    const ctx = memoryContext({ tokens: [TOKEN], budget: new MemoryBudget() });
    const works = Array.from({ length: 450 }, (_, i) => work(i + 1));
    const { pending, rounds } = await pushUntilSynced(ctx, works, standin.url);
    expect(pending).toEqual([]);
    const stats = standin.stats();
    expect(stats.rateLimited.TEN_SECONDLY_ROLLING).toBeGreaterThan(0);
    expect(ctx.budget.pauses.length).toBeGreaterThan(0);
    expect(ctx.budget.pauses.every((p) => p.bucket === 'objects' && p.ms === 1000)).toBe(true);
    expect(stats.contacts).toBe(450);
    expect(stats.calls).toBe(450);
    expect(stats.duplicates).toEqual({ email: [], phone: [] });
    expect(rounds).toBeGreaterThanOrEqual(1);
  }, 60_000);
});
