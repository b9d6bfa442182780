/**
 * Creates that carry a unique key HubSpot enforces are re-sent at once after a 5xx, inside the request,
 * instead of waiting for the push's next round (which, for a backlog, comes after the push's last rate
 * window): no second search before the re-send, a committed create adopted on its 409, nothing twice.
 */
import { describe, expect, it } from 'vitest';
import { runPush } from '../../server/sync/push.ts';
import { leadSpec, statusCounts, writeLeads } from '../../testkit/seed-leads.ts';
import { hubAccount, useHubApp } from '../../testkit/hubspot-account.ts';

const app = useHubApp();

/** Phone-only leads (odd indexes) with a call each. */
const callers = (tag: string, n: number) => Array.from({ length: n }, (_, i) => leadSpec(tag, 2 * i + 1));

describe('keyed creates after a 5xx', () => {
  it('a contact create that failed is re-sent without searching again, in the same push', async () => {
    const { ctx, conn, businessId, standin, account } = await hubAccount(app(), {
      failRequest: (kind, n) => kind === 'contacts.batch.create' && n === 1,
    });
    await writeLeads(ctx.db, businessId, callers('kc', 5));
    const r = await runPush(ctx, conn.id);
    expect({ synced: r.synced, retried: r.retried }).toEqual({ synced: 5, retried: 0 });
    const req = standin.stats().requests;
    // The old way (a second round) searched the phones again before creating: 2 searches.
    expect([req['contacts.search'], req['contacts.batch.create']]).toEqual([1, 2]);
    expect(standin.contacts(account.hubId)).toHaveLength(5);
  });

  it('creates HubSpot committed before answering 5xx are adopted on the 409 of the re-send, with search 2 s behind', async () => {
    const { ctx, conn, businessId, standin, account } = await hubAccount(app(), {
      searchLagMs: 2_000,
      loseAnswer: (kind, n) => (kind === 'contacts.batch.create' || kind === 'calls.batch.create') && n === 1,
    });
    await writeLeads(ctx.db, businessId, callers('kl', 5));
    const r = await runPush(ctx, conn.id);
    expect({ synced: r.synced, retried: r.retried }).toEqual({ synced: 5, retried: 0 });
    const s = standin.stats();
    expect(s.lostAnswers).toBe(2);
    expect([s.requests['contacts.batch.create'], s.requests['contacts.batch.read']]).toEqual([2, 1]);
    expect([s.requests['calls.batch.create'], s.requests['calls.batch.read']]).toEqual([2, 1]);
    expect(s.duplicates).toEqual({ email: [], phone: [] });
    expect(standin.contacts(account.hubId)).toHaveLength(5);
    expect(standin.calls(account.hubId)).toHaveLength(5);
    expect(await statusCounts(ctx.db, conn.id, 'call')).toEqual({ synced: 5 });
  });

  it('a call create failing three times in a row is still logged in the same push (re-sends, then a round)', async () => {
    const { ctx, conn, businessId, standin, account } = await hubAccount(app(), {
      failRequest: (kind, n) => kind === 'calls.batch.create' && n <= 3,
    });
    await writeLeads(ctx.db, businessId, callers('k3', 3));
    const r = await runPush(ctx, conn.id);
    // One send per round (the old way) would have used all three rounds and left the leads to back off.
    expect({ synced: r.synced, retried: r.retried }).toEqual({ synced: 3, retried: 0 });
    expect(standin.stats().requests['calls.batch.create']).toBe(4);
    expect(standin.calls(account.hubId)).toHaveLength(3);
  });
});
