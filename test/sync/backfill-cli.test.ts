/**
 * `leadline backfill` as a user runs it: the real binary in a child process, against a database of its own
 * (the command runs sync workers, which must not pick up other test files' jobs) and the HubSpot stand-in.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBusiness } from '../../server/businesses/service.ts';
import { createDb, type Db } from '../../server/db/client.ts';
import { TEST_KEY, testConfig } from '../../testkit/app.ts';
import { startHubspotStandin, type HubspotStandin } from '../../testkit/hubspot-standin.ts';
import { ownDatabase } from '../../testkit/own-database.ts';
import { freshHubId, hubspotConnection, leadSpec, statusCounts, writeLeads } from '../../testkit/seed-leads.ts';
import { hubspotEnv } from '../../testkit/hubspot-account.ts';

const run = promisify(execFile);
const bin = path.resolve(import.meta.dirname, '../../bin/leadline.js');
let url: string;
let db: Db;
let standin: HubspotStandin;
let own: Awaited<ReturnType<typeof ownDatabase>>;
const account = { hubId: freshHubId(), token: `tok-${randomUUID()}`, refreshToken: `ref-${randomUUID()}` };

beforeAll(async () => {
  own = await ownDatabase('sync_cli');
  url = own.url;
  db = createDb(url, { max: 3 });
  standin = await startHubspotStandin({ accounts: [account] });
});
afterAll(async () => {
  await db?.$disconnect();
  await standin?.stop();
  await own?.drop();
});

const cli = (args: string[], env: Record<string, string> = {}) =>
  run(process.execPath, [bin, 'backfill', ...args], {
    env: {
      ...process.env,
      DATABASE_URL: url,
      LOG_LEVEL: 'silent',
      ENCRYPTION_KEY: TEST_KEY,
      JWT_SECRET: 'test-secret-test-secret-test-secret-0123',
      ...env,
    },
    timeout: 90_000,
  }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

describe('leadline backfill', () => {
  it('queues and syncs the last N days of leads, printing progress', { timeout: 120_000 }, async () => {
    // Leads written before the CRM was connected: nothing queued for them yet.
    const { id: businessId } = await createBusiness(db, { name: 'Backfill Plumbing' });
    const specs = Array.from({ length: 5 }, (_, i) => leadSpec(`cli${account.hubId}`, i));
    const written = await writeLeads(db, businessId, specs);
    const { conn } = await hubspotConnection({ db, config: testConfig() }, { ...account, businessId });
    const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000);
    for (const [i, w] of written.entries())
      await db.lead.update({ where: { id: w.leadId }, data: { createdAt: daysAgo(i < 3 ? i + 1 : 20) } });
    expect(await db.syncRecord.count({ where: { connectionId: conn.id } })).toBe(0);

    const r = await cli(['--business', businessId, '--provider', 'hubspot', '--days', '7'], hubspotEnv(standin.url));
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('3 leads from the last 7 days; 3 queued for hubspot.');
    // Progress: one line per change, never going back, ending at 3/3.
    const progress = lines.filter((l) => l.startsWith('backfill '));
    expect(progress.length).toBeGreaterThanOrEqual(2);
    const done = progress.map((l) => Number(/^backfill (\d+)\/3 done/.exec(l)![1]));
    expect(done[0]).toBe(0);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe('backfill 3/3 done · 3 synced · 0 failed · 0 parked');
    expect(lines.at(-1)).toBe('Backfill finished: 3 synced, 0 failed, 0 parked.');

    // Exactly the recent three went over, each with its call; the older two were left alone.
    expect(await statusCounts(db, conn.id)).toEqual({ synced: 3 });
    expect(await statusCounts(db, conn.id, 'call')).toEqual({ synced: 3 });
    const recent = written
      .slice(0, 3)
      .map((w) => w.leadId)
      .sort();
    expect(
      (await db.syncRecord.findMany({ where: { connectionId: conn.id, kind: 'lead' } })).map((s) => s.localId).sort(),
    ).toEqual(recent);
    expect(
      standin
        .contacts(account.hubId)
        .map((c) => c.properties.phone)
        .sort(),
    ).toEqual(
      specs
        .slice(0, 3)
        .map((s) => s.phone)
        .sort(),
    );
    expect(standin.calls(account.hubId)).toHaveLength(3);
  });

  it('refuses a provider this machine cannot push to instead of waiting forever', { timeout: 60_000 }, async () => {
    const biz = await db.business.findFirstOrThrow({ where: { connections: { some: { provider: 'hubspot' } } } });
    const r = await cli(['--business', biz.id, '--provider', 'hubspot'], {
      HUBSPOT_CLIENT_ID: '',
      HUBSPOT_CLIENT_SECRET: '',
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/hubspot is not configured here/);
    const none = await cli(['--business', biz.id, '--provider', 'salesforce']);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/No salesforce connection/);
  });
});
