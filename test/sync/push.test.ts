/**
 * The sync pipeline against the local HubSpot stand-in over real HTTP (HubSpot's limits, 429 bodies,
 * injected 5xx): outbox atomicity, exactly-once delivery, kill-and-restart, auth loss → parked.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConnectorError, type SyncContext } from '../../connectors/types.ts';
import type { AppContext } from '../../server/context.ts';
import { appContext } from '../../server/runtime.ts';
import { connectionSlot } from '../../server/sync/grants.ts';
import { enqueueLeadSync } from '../../server/sync/outbox.ts';
import { BudgetWaitError } from '../../server/sync/budget.ts';
import { acquireLease } from '../../server/sync/lease.ts';
import { runPush } from '../../server/sync/push.ts';
import { syncStatusForLead } from '../../server/sync/status.ts';
import { startTestApp, testConfig, type TestApp } from '../../testkit/app.ts';
import { startSmtpInbox, type SmtpInbox } from '../../testkit/smtp-inbox.ts';
import { startHubspotStandin, type HubspotStandin, type StandinAccount } from '../../testkit/hubspot-standin.ts';
import {
  freshHubId,
  hubspotConnection,
  leadSpec,
  statusCounts,
  writeLead,
  writeLeads,
} from '../../testkit/seed-leads.ts';

let app: TestApp;
let inbox: SmtpInbox;
const standins: HubspotStandin[] = [];
afterAll(async () => {
  await app?.close();
  await Promise.all(standins.map((s) => s.stop()));
  await inbox?.stop();
});
beforeAll(async () => {
  inbox = await startSmtpInbox();
  app = await startTestApp({ env: { SMTP_URL: inbox.url } });
});

/** A stand-in with one fresh account, and a context whose HubSpot connector talks to it. */
async function hub(opts: { failureRate?: number; seed?: number; scopes?: string[] } = {}) {
  const { scopes, ...standinOpts } = opts;
  const account: StandinAccount = {
    hubId: freshHubId(),
    token: `tok-${Math.random().toString(36).slice(2)}`,
    refreshToken: `ref-${Math.random().toString(36).slice(2)}`,
    ...(scopes ? { scopes } : {}),
  };
  const standin = await startHubspotStandin({ accounts: [account], retryAfterHeader: true, ...standinOpts });
  standins.push(standin);
  const ctx: AppContext = appContext(
    testConfig({
      HUBSPOT_CLIENT_ID: 'client',
      HUBSPOT_CLIENT_SECRET: 'secret',
      HUBSPOT_API_BASE_URL: standin.url,
      HUBSPOT_APP_BASE_URL: 'https://app.hubspot.test',
      SMTP_URL: inbox.url,
    }),
    app.ctx.db,
    app.ctx.log,
  );
  const { conn, businessId } = await hubspotConnection(ctx, {
    hubId: account.hubId,
    token: account.token,
    refreshToken: account.refreshToken!,
  });
  return { standin, ctx, conn, businessId, account };
}

/** Drains until nothing is pending (bounded), as repeated jobs would; waits while a killed run's lease lasts. */
async function drainAll(ctx: AppContext, connectionId: string) {
  for (let round = 0; round < 40; round++) {
    const r = await runPush(ctx, connectionId, { inlineWaitMs: 20_000, timeBudgetMs: 120_000 });
    if (!r.locked) {
      round--;
      await new Promise((resolve) => setTimeout(resolve, 100));
      continue;
    }
    const c = await statusCounts(ctx.db, connectionId);
    if (!c.pending) return c;
  }
  throw new Error('still pending after 40 rounds');
}

function expectExactlyOnce(standin: HubspotStandin, hubId: number, calls: number) {
  const s = standin.stats();
  expect(s.duplicates).toEqual({ email: [], phone: [] });
  expect(standin.calls(hubId)).toHaveLength(calls);
  // Every lead here has its own contact, so one call per contact means no call was logged twice.
  expect(new Set(standin.calls(hubId).map((c) => c.associations[0]?.toId)).size).toBe(calls);
}

describe('outbox', () => {
  it('a rolled-back lead transaction leaves no sync record and no job', async () => {
    const { ctx, conn, businessId } = await hub();
    const leadId = crypto.randomUUID();
    await expect(
      ctx.db.$transaction(async (tx) => {
        await tx.lead.create({ data: { id: leadId, businessId, phone: '+15550009999', summary: 'x' } });
        await enqueueLeadSync(tx, { businessId, leadId, callId: null });
        throw new Error('extraction crashed after the write');
      }),
    ).rejects.toThrow('extraction crashed');
    expect(await ctx.db.syncRecord.count({ where: { connectionId: conn.id } })).toBe(0);
    const jobs = () =>
      ctx.db.$queryRaw<
        { n: number }[]
      >`select count(*)::int as n from graphile_worker.jobs where key like ${`sync.push:${conn.id}%`}`.then(
        (r) => r[0]!.n,
      );
    expect(await jobs()).toBe(0);

    const ok = await writeLead(ctx.db, businessId, leadSpec('ok', 1));
    expect(await jobs()).toBe(1);
    // The same lead enqueued again (a retried pipeline step) collapses into its job.
    await ctx.db.$transaction((tx) => enqueueLeadSync(tx, { businessId, leadId: ok.leadId, callId: ok.callId }));
    expect(await jobs()).toBe(1);
    expect(await statusCounts(ctx.db, conn.id)).toEqual({ pending: 1 });
  });
});

describe('push', () => {
  it('delivers every lead and call exactly once through 5xx injection, matching pre-existing contacts', async () => {
    const { standin, ctx, conn, businessId, account } = await hub({ failureRate: 0.3, seed: 7 });
    const specs = Array.from({ length: 240 }, (_, i) => leadSpec('x', i));
    // Contacts the business already had in HubSpot: one by e-mail, one by phone.
    const [byEmail, byPhone] = standin.seed(
      [
        { email: specs[10]!.email!, firstname: 'Known' },
        { phone: specs[11]!.phone!, firstname: 'Known' },
      ],
      account.hubId,
    );
    const written = await writeLeads(ctx.db, businessId, specs);

    const counts = await drainAll(ctx, conn.id);
    expect(counts).toEqual({ synced: 240 });
    expect(await statusCounts(ctx.db, conn.id, 'call')).toEqual({ synced: 240 });
    expect(standin.stats().serverErrors).toBeGreaterThan(2);
    expect(standin.contacts(account.hubId)).toHaveLength(240);
    expectExactlyOnce(standin, account.hubId, 240);

    const s10 = await syncStatusForLead(ctx.db, written[10]!.leadId);
    expect(s10).toEqual([
      expect.objectContaining({ provider: 'hubspot', status: 'synced', externalId: byEmail, error: null }),
    ]);
    expect(s10[0]!.deepLink).toContain(`/contacts/${account.hubId}/`);
    expect((await syncStatusForLead(ctx.db, written[11]!.leadId))[0]!.externalId).toBe(byPhone);

    // Run again: nothing is pending, nothing is sent.
    const before = standin.stats().total;
    const again = await runPush(ctx, conn.id);
    expect(again.batches).toBe(0);
    expect(standin.stats().total).toBe(before);
  });

  it('concurrent batches never push the same person twice: repeat callers spread over many batches', async () => {
    const { standin, ctx, conn, businessId, account } = await hub({ seed: 11 });
    // 30 people call twice each. With 10 leads a batch, claims come as [people 0-9, call 1], [0-9, call 2],
    // [10-19, call 1], …: the second batch is all people of the first, still in flight. Even people give an
    // e-mail every time, odd ones only their phone (searched, then created: the race that duplicates).
    const person = (j: number) => ({
      email: j % 2 === 0 ? `repeat${j}-${account.hubId}@example.com` : null,
      phone: `+1555300${String(j).padStart(4, '0')}`,
    });
    const specs = [0, 1, 2].flatMap((b) =>
      [0, 1].flatMap((k) =>
        Array.from({ length: 10 }, (_, i) => ({ ...person(b * 10 + i), name: `Repeat ${b * 10 + i}.${k}` })),
      ),
    );
    await writeLeads(ctx.db, businessId, specs, { concurrency: 1 });
    const r = await runPush(ctx, conn.id, { maxBatch: 10, inlineWaitMs: 20_000, timeBudgetMs: 120_000 });
    // As many batches at once as the connector allows (five), so batches of the same people overlap.
    expect(r.peakConcurrency).toBe(ctx.connectors.get('hubspot')!.maxConcurrentPushes);
    expect(r.peakConcurrency).toBeGreaterThan(1);
    expect(await drainAll(ctx, conn.id)).toEqual({ synced: 60 });
    expect(standin.stats().duplicates).toEqual({ email: [], phone: [] });
    expect(standin.contacts(account.hubId)).toHaveLength(30);
    expect(standin.calls(account.hubId)).toHaveLength(60);
    // Each person's two calls hang off their one contact.
    const perContact = new Map<string, number>();
    for (const c of standin.calls(account.hubId))
      perContact.set(c.associations[0]!.toId, (perContact.get(c.associations[0]!.toId) ?? 0) + 1);
    expect([...perContact.values()]).toEqual(Array(30).fill(2));
  });

  it('one person in one push, once by phone only and once with an e-mail, becomes one contact', async () => {
    // The e-mail lead is upserted while phone-only leads are searched: side by side, a search answered
    // before the upsert lands misses the contact it makes, and a second one is created. So a phone-only lead
    // sharing its number with an e-mail lead of the push waits for the e-mail lane. To make the race certain,
    // object requests here wait until a search has been answered (or 300 ms, when none comes).
    const { standin, ctx, conn, businessId, account } = await hub({ failureRate: 0 });
    const phone = '+15553339999';
    await writeLeads(ctx.db, businessId, [
      { email: null, phone, name: 'First Call' },
      { email: `same-${account.hubId}@example.com`, phone, name: 'Second Call' },
    ]);
    const searched = async () => {
      for (let t = 0; t < 30 && !standin.stats().requests['contacts.search']; t++)
        await new Promise((r) => setTimeout(r, 10));
    };
    const wrapContext = (sc: SyncContext): SyncContext => ({
      ...sc,
      budget: {
        take: async (bucket, cost) => {
          if (bucket === 'objects') await searched();
          await sc.budget.take(bucket, cost);
        },
        pause: (b, ms) => sc.budget.pause(b, ms),
      },
    });
    expect(await runPush(ctx, conn.id, { wrapContext })).toMatchObject({ synced: 2 });
    expect(standin.contacts(account.hubId)).toHaveLength(1);
    expect(new Set(standin.calls(account.hubId).map((c) => c.associations[0]!.toId))).toEqual(
      new Set([standin.contacts(account.hubId)[0]!.id]),
    );
  });

  // Four kill-and-restart runs, each sitting out a lease expiry and a jittered retry backoff: on a loaded
  // machine that is more than the default 30 s.
  it('a worker killed mid-batch and restarted leaves no duplicate and no gap', { timeout: 90_000 }, async () => {
    // 150 leads take 5 requests on two lanes (upsert → calls; search → create → calls). The kill lands when
    // request killAfter+1 is about to leave; requests of the other lane may be in flight then, and their
    // answers are lost as with SIGKILL. Restarting must still create nothing twice: contacts are found by
    // e-mail or phone, and calls marked sent are looked up before any create.
    for (const killAfter of [1, 2, 3, 4]) {
      const { standin, ctx, conn, businessId, account } = await hub();
      await writeLeads(
        ctx.db,
        businessId,
        Array.from({ length: 150 }, (_, i) => leadSpec(`k${killAfter}`, i)),
      );
      const kill = new AbortController();
      let requests = 0;
      const wrapContext = (sc: SyncContext): SyncContext => ({
        ...sc,
        budget: {
          take: async (bucket, cost) => {
            await sc.budget.take(bucket, cost); // makes the previous answers' ledger ids durable
            if (++requests > killAfter) {
              kill.abort();
              throw new ConnectorError('transient', 'worker killed');
            }
          },
          pause: (b, ms) => sc.budget.pause(b, ms),
        },
      });
      await runPush(ctx, conn.id, { signal: kill.signal, wrapContext, lease: { ttlMs: 1_000 } });
      // Every request that got past the budget reaches HubSpot (some after the kill); none after it leaves.
      await vi.waitFor(() => expect(standin.stats().total).toBe(killAfter));
      expect({ killAfter, counts: await statusCounts(ctx.db, conn.id) }).toEqual({
        killAfter,
        counts: { pending: 150 },
      });

      expect(await drainAll(ctx, conn.id)).toEqual({ synced: 150 });
      expect(standin.contacts(account.hubId)).toHaveLength(150);
      expectExactlyOnce(standin, account.hubId, 150);
    }
  });

  it.each([
    ['with the unique call key: the re-sent create answers 409 and the calls are read by key', undefined],
    [
      'without it (schema scope not granted): `call:sent` marks, then one search',
      ['oauth', 'crm.objects.contacts.read', 'crm.objects.contacts.write'],
    ],
  ])('a call HubSpot created whose answer was lost is found, not created again — %s', async (_, scopes) => {
    // The kill lands right after the stand-in has committed the first call batch but before its answer is
    // read: the ids never reach the ledger.
    const { standin, ctx, conn, businessId, account } = await hub(scopes ? { scopes } : {});
    await writeLeads(
      ctx.db,
      businessId,
      Array.from({ length: 20 }, (_, i) => leadSpec('lost', i * 2)),
    ); // e-mail leads only
    const kill = new AbortController();
    standin.onRequest = (kind) => {
      if (kind === 'calls.batch.create') setImmediate(() => kill.abort());
    };
    await runPush(ctx, conn.id, { signal: kill.signal, lease: { ttlMs: 1_000 } });
    standin.onRequest = undefined;
    await vi.waitFor(() => expect(standin.calls(account.hubId)).toHaveLength(20));
    expect(await statusCounts(ctx.db, conn.id, 'call')).toEqual({ pending: 20 });

    expect(await drainAll(ctx, conn.id)).toEqual({ synced: 20 });
    expect(standin.calls(account.hubId)).toHaveLength(20);
    const requests = standin.stats().requests;
    if (scopes) expect([requests['calls.search'], requests['calls.batch.read']]).toEqual([1, undefined]);
    else
      expect([requests['calls.search'], requests['calls.batch.read'], requests['calls.batch.create']]).toEqual([
        undefined,
        1,
        2,
      ]); // the lost create, then its re-send answered 409
    expectExactlyOnce(standin, account.hubId, 20);
  });

  it('a drain that lost its lease does not overwrite the connection status the new holder reports', async () => {
    const { ctx, conn, businessId } = await hub();
    await writeLeads(ctx.db, businessId, [leadSpec('fence', 0), leadSpec('fence', 1)]);
    let next: Awaited<ReturnType<typeof acquireLease>> = null;
    let takeover: Promise<void> | null = null;
    // At its first request the drain stalls past its lease; another drain takes it and reports its own
    // state. The stalled one then meets a budget wait (so no outcome write fences it) and would record it.
    const wrapContext = (sc: SyncContext): SyncContext => ({
      ...sc,
      budget: {
        take: async () => {
          // Lanes take at the same time: one takeover for all of them.
          takeover ??= (async () => {
            await ctx.db
              .$executeRaw`update "SyncLease" set "expiresAt" = timezone('utc', now()) - interval '1 second' where "connectionId" = ${conn.id}::uuid`;
            next = await acquireLease(ctx.db, conn.id);
            await ctx.db.connection.update({
              where: { id: conn.id },
              data: { lastError: 'reported by the new holder' },
            });
          })();
          await takeover;
          throw new BudgetWaitError('objects window full: waiting 60000 ms for the request budget', 60_000);
        },
        pause: (b, ms) => sc.budget.pause(b, ms),
      },
    });
    const summary = await runPush(ctx, conn.id, { wrapContext });
    expect(next).not.toBeNull();
    expect(summary).toMatchObject({ locked: true, fenced: true });
    const after = await ctx.db.connection.findUniqueOrThrow({ where: { id: conn.id } });
    expect(after.lastError).toBe('reported by the new holder');
    expect(await statusCounts(ctx.db, conn.id)).toEqual({ pending: 2 });
    await next!.end({ handBack: true });
  });

  it('a dead grant parks the work, tells the owner once, and keeps later leads', async () => {
    const { standin, ctx, conn, businessId, account } = await hub();
    const owner = await ctx.db.account.create({
      data: { email: `own-${account.hubId}@example.com`, passwordHash: 'x' },
    });
    await ctx.db.membership.create({ data: { accountId: owner.id, businessId, role: 'owner' } });
    await writeLeads(ctx.db, businessId, [leadSpec('p', 0), leadSpec('p', 1)]);
    standin.invalidateToken(account.token); // 401 → forced refresh → the stand-in does not know this refresh token
    await ctx.db.connection.update({
      where: { id: conn.id },
      data: {
        refreshTokenEnc: (await import('../../server/crypto/secrets.ts')).encryptSecret(
          ctx.config,
          'revoked-refresh',
          connectionSlot(conn.id, 'refreshToken'),
        ),
      },
    });

    const r = await runPush(ctx, conn.id);
    expect(r.parked).toBe(true);
    expect((await ctx.db.connection.findUniqueOrThrow({ where: { id: conn.id } })).status).toBe('needs_reauth');
    expect(await statusCounts(ctx.db, conn.id)).toEqual({ parked: 2 });
    expect(await statusCounts(ctx.db, conn.id, 'call')).toEqual({ parked: 2 });
    // The owner's mailbox: one reconnect e-mail, and no second one when the push runs again.
    expect(inbox.to(owner.email)).toHaveLength(1);
    await runPush(ctx, conn.id);
    expect(inbox.to(owner.email)).toHaveLength(1);
    await writeLead(ctx.db, businessId, leadSpec('p', 2));
    expect(await statusCounts(ctx.db, conn.id)).toEqual({ parked: 3 });
  });

  it('a permanent failure stops with the reason visible; the rest of the batch syncs', async () => {
    const { ctx, conn, businessId } = await hub();
    const written = await writeLeads(ctx.db, businessId, [
      leadSpec('v', 0),
      { email: 'not-an-email@', phone: null, name: 'Bad' },
      leadSpec('v', 2),
    ]);
    await ctx.db.lead.update({ where: { id: written[1]!.leadId }, data: { email: 'bad@@example' } });
    expect(await drainAll(ctx, conn.id)).toEqual({ synced: 2, failed: 1 });
    const [bad] = await syncStatusForLead(ctx.db, written[1]!.leadId);
    expect(bad).toMatchObject({ status: 'failed', externalId: null });
    expect(bad!.error).toMatch(/INVALID_EMAIL|invalid|VALIDATION/i);
    expect((await ctx.db.connection.findUniqueOrThrow({ where: { id: conn.id } })).lastSyncAt).not.toBeNull();
  });
});
