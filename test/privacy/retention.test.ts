/**
 * Retention as an operator and an owner meet it: `leadline retention run` (the real binary, a child process)
 * against a database of its own (the sweep is global) and a Twilio REST stand-in holding the recordings;
 * legal holds set through the API. Includes a sweep killed mid-way and run again.
 */
import { execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseCronItems } from 'graphile-worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBusiness } from '../../server/businesses/service.ts';
import { enqueue } from '../../server/jobs/enqueue.ts';
import { cronItems } from '../../server/jobs/schedule.ts';
import { runDueJobs } from '../../server/jobs/worker.ts';
import { privacyTasks } from '../../server/privacy/tasks.ts';
import { startTestApp, TEST_KEY, type TestApp } from '../../testkit/app.ts';
import { apiClient } from '../../testkit/api-client.ts';
import { signup } from '../../testkit/http.ts';
import { ownDatabase } from '../../testkit/own-database.ts';
import { seedPerson } from '../../testkit/privacy-seed.ts';
import { fakeNumber, TWILIO_SID, TWILIO_TOKEN } from '../../testkit/twilio.ts';
import { startTwilioRestStandin, type TwilioRestStandin } from '../../testkit/twilio-rest-standin.ts';

const bin = path.resolve(import.meta.dirname, '../../bin/leadline.js');
let own: Awaited<ReturnType<typeof ownDatabase>>;
let twilio: TwilioRestStandin;
let app: TestApp;
let env: Record<string, string>;

beforeAll(async () => {
  own = await ownDatabase('retention');
  twilio = await startTwilioRestStandin({ accountSid: TWILIO_SID, authToken: TWILIO_TOKEN });
  env = {
    DATABASE_URL: own.url,
    TWILIO_ACCOUNT_SID: TWILIO_SID,
    TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
    TWILIO_API_BASE_URL: twilio.url,
  };
  app = await startTestApp({ env });
});
afterAll(async () => {
  await app?.close();
  await twilio?.stop();
  await own?.drop();
});

const childEnv = (extra: Record<string, string> = {}) => ({
  ...process.env,
  ...env,
  LOG_LEVEL: 'silent',
  ENCRYPTION_KEY: TEST_KEY,
  JWT_SECRET: 'test-secret-test-secret-test-secret-0123',
  ...extra,
});
const cli = (args: string[], extra: Record<string, string> = {}) =>
  promisify(execFile)(process.execPath, [bin, 'retention', 'run', ...args], { env: childEnv(extra), timeout: 90_000 });
const jsonOf = (stdout: string) => JSON.parse(stdout.slice(stdout.indexOf('{\n')));

async function ownedBusiness(name: string) {
  const owner = await signup(app.url, 'owner');
  const account = await app.ctx.db.account.findUniqueOrThrow({ where: { email: owner.email } });
  const b = await createBusiness(app.ctx.db, { name, ownerAccountId: account.id });
  return { owner, b };
}

describe('the retention sweep', { timeout: 120_000 }, () => {
  it('deletes what is past retention (recordings at Twilio first), keeps the rest and everything on hold; a second run deletes nothing', async () => {
    const db = app.ctx.db;
    const { owner, b } = await ownedBusiness('Rapid Rooter');
    const old = await seedPerson(db, b.id, { phone: fakeNumber(), daysAgo: 100, twilio, segments: 6 });
    const recent = await seedPerson(db, b.id, { phone: fakeNumber(), daysAgo: 10, twilio });
    const held = await seedPerson(db, b.id, { phone: fakeNumber(), daysAgo: 100, twilio });
    const { owner: owner2, b: heldBiz } = await ownedBusiness('Held Plumbing');
    const heldBizPerson = await seedPerson(db, heldBiz.id, { phone: fakeNumber(), daysAgo: 400, twilio });

    // A member who is not the owner cannot set a hold, and nothing changes.
    const member = await signup(app.url, 'member');
    const memberAccount = await db.account.findUniqueOrThrow({ where: { email: member.email } });
    await db.membership.create({ data: { accountId: memberAccount.id, businessId: b.id, role: 'admin' } });
    const holdCall = (token: string) =>
      apiClient(app.url, token).PUT('/api/v1/calls/{callId}/hold', {
        params: { path: { callId: held.callId } },
        body: { hold: true },
      });
    const refused = await holdCall(member.accessToken);
    expect(refused.response.status).toBe(403);
    expect((await db.call.findUniqueOrThrow({ where: { id: held.callId } })).legalHold).toBe(false);

    const callHeld = await holdCall(owner.accessToken);
    expect(callHeld.response.status).toBe(200);
    expect(callHeld.data).toEqual({ callId: held.callId, hold: true });
    const bizHeld = await apiClient(app.url, owner2.accessToken).PUT('/api/v1/businesses/{id}/hold', {
      params: { path: { id: heldBiz.id } },
      body: { hold: true },
    });
    expect(bizHeld.response.status).toBe(200);
    expect(await db.auditLog.count({ where: { action: 'call.hold_set', target: held.callId } })).toBe(1);

    // The service's own short-lived rows, all past their time.
    const long = new Date(Date.now() - 10 * 86_400_000);
    await db.outboxEmail.create({
      data: { to: 'o@example.com', subject: 's', text: 't', sentAt: long, createdAt: long },
    });
    await db.oAuthState.create({
      data: { provider: 'hubspot', codeVerifierEnc: 'x', redirectUri: 'https://x', expiresAt: long },
    });
    await db.rateWindow.create({ data: { key: `widget:number:${fakeNumber()}`, windowStart: long, used: 1 } });
    await db.$executeRaw`update "RateWindow" set "updatedAt" = ${long} where "windowStart" = ${long}`;
    await db.auditLog.create({
      data: { action: 'auth.login', businessId: b.id, createdAt: new Date(Date.now() - 800 * 86_400_000) },
    });
    // Webhook events carry lead data: one sent 40 days ago goes, one from today stays for its delivery log.
    const event = (id: string, createdAt: Date) =>
      db.webhookEvent.create({ data: { id, businessId: b.id, type: 'lead.created', payload: {}, createdAt } });
    const oldEvent = await event(`msg_old_${b.id}`, new Date(Date.now() - 40 * 86_400_000));
    const newEvent = await event(`msg_new_${b.id}`, new Date());

    const dry = jsonOf((await cli(['--dry-run'])).stdout);
    expect(dry.dryRun).toBe(true);
    expect(dry.counts.transcriptSegments).toBe(6);
    expect(dry.counts.recordings).toBe(1);
    expect(await db.transcriptSegment.count({ where: { callId: old.callId } })).toBe(6);
    expect(twilio.deleted()).toEqual([]);

    const report = jsonOf((await cli([])).stdout);
    expect(report.counts).toMatchObject({
      recordings: 1,
      transcriptSegments: 6,
      callSummaries: 1,
      // The old person's, and the held call's person's: the hold is on the call, not on their web form.
      callbackRequests: 2,
      deliveredMail: 1,
      oauthStates: 1,
      rateWindows: 1,
      auditEntries: 1,
      webhookEvents: 1,
    });
    expect(await db.webhookEvent.findUnique({ where: { id: oldEvent.id } })).toBeNull();
    expect(await db.webhookEvent.findUnique({ where: { id: newEvent.id } })).not.toBeNull();
    // Past retention: the recording is gone at Twilio and here, the transcript and summary are gone, the
    // lead's fields stay (the default), the callback request with its IP is gone.
    expect(twilio.deleted()).toEqual([old.recordingSid]);
    const oldCall = await db.call.findUniqueOrThrow({ where: { id: old.callId } });
    expect(oldCall.recordingSid).toBeNull();
    expect(await db.transcriptSegment.count({ where: { callId: old.callId } })).toBe(0);
    const oldLead = await db.lead.findUniqueOrThrow({ where: { id: old.leadId } });
    expect(oldLead.summary).toBe('');
    expect(oldLead.name).toBe('Dana Whitfield');
    expect(await db.callbackRequest.count({ where: { id: old.callbackId } })).toBe(0);
    // Within retention, or on hold (the call's or the business's): untouched.
    for (const p of [recent, held, heldBizPerson]) {
      expect(await db.transcriptSegment.count({ where: { callId: p.callId } })).toBe(2);
      expect((await db.call.findUniqueOrThrow({ where: { id: p.callId } })).recordingSid).toBe(p.recordingSid);
      expect(twilio.recordings().some((r) => r.sid === p.recordingSid)).toBe(true);
    }
    expect(await db.callbackRequest.count({ where: { id: heldBizPerson.callbackId } })).toBe(1);

    const again = jsonOf((await cli([])).stdout);
    expect(Object.values(again.counts).every((n) => n === 0)).toBe(true);
  });

  it('with leadRetention "delete", removes the old lead, its calls and what sync kept about them', async () => {
    const db = app.ctx.db;
    const { owner, b } = await ownedBusiness('Delete Mode Plumbing');
    const patched = await apiClient(app.url, owner.accessToken).PATCH('/api/v1/businesses/{id}', {
      params: { path: { id: b.id } },
      body: { leadRetention: 'delete', retentionDays: 30 },
    });
    expect(patched.response.status).toBe(200);
    expect(patched.data).toMatchObject({ leadRetention: 'delete', retentionDays: 30 });
    const old = await seedPerson(db, b.id, { phone: fakeNumber(), daysAgo: 45 });
    const keep = await seedPerson(db, b.id, { phone: fakeNumber(), daysAgo: 5 });
    const conn = await db.connection.create({
      data: { businessId: b.id, provider: 'hubspot', externalAccountId: '42', status: 'disconnected' },
    });
    await db.syncLedgerEntry.create({
      data: { connectionId: conn.id, businessId: b.id, kind: 'lead:contact', localId: old.leadId, externalId: '901' },
    });
    const report = jsonOf((await cli(['--business', b.id])).stdout);
    expect(report.counts).toMatchObject({ leads: 1, calls: 1, ledgerRows: 1 });
    expect(await db.lead.count({ where: { id: old.leadId } })).toBe(0);
    expect(await db.call.count({ where: { id: old.callId } })).toBe(0);
    expect(await db.syncLedgerEntry.count({ where: { connectionId: conn.id } })).toBe(0);
    expect(await db.lead.count({ where: { id: keep.leadId } })).toBe(1);
  });

  it('killed in the middle, picks up where it stopped when run again; every recording deleted once at Twilio', async () => {
    const db = app.ctx.db;
    const { b } = await ownedBusiness('Killed Sweep Co');
    const people = [];
    for (let i = 0; i < 6; i++)
      people.push(await seedPerson(db, b.id, { phone: fakeNumber(), daysAgo: 200, twilio, segments: 30 }));
    const before = twilio.deleted().length;
    const child = spawn(process.execPath, [bin, 'retention', 'run', '--business', b.id], {
      env: childEnv({ RETENTION_BATCH_SIZE: '2' }),
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((r) => child.once('exit', (code, signal) => r(signal ? -1 : code)));
    let seen = 0;
    twilio.onDelete = async () => {
      // The third delete reaches Twilio; the process dies before it hears the answer.
      if (++seen === 3) {
        child.kill('SIGKILL');
        await exited;
      }
    };
    expect(await exited).toBe(-1);
    twilio.onDelete = undefined;
    const left = await db.call.count({ where: { businessId: b.id, recordingSid: { not: null } } });
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(6);

    const report = jsonOf((await cli(['--business', b.id], { RETENTION_BATCH_SIZE: '2' })).stdout);
    expect(report.recordingsLeft).toBe(0);
    expect(await db.call.count({ where: { businessId: b.id, recordingSid: { not: null } } })).toBe(0);
    expect(await db.transcriptSegment.count({ where: { businessId: b.id } })).toBe(0);
    const mine = new Set(people.map((p) => p.recordingSid));
    expect(twilio.recordings().filter((r) => mine.has(r.sid))).toEqual([]);
    expect(
      twilio
        .deleted()
        .slice(before)
        .filter((s) => mine.has(s))
        .sort(),
    ).toEqual([...mine].sort());
  });

  it('runs hourly from the worker crontab, as the retention.sweep job', async () => {
    const items = parseCronItems(cronItems).filter((i) => i.task === 'retention.sweep');
    expect(items).toHaveLength(1);
    // 17 minutes past every hour.
    expect(items[0]!.match({ min: 17, hour: 5, date: 1, month: 1, dow: 4 })).toBe(true);
    expect(items[0]!.match({ min: 18, hour: 5, date: 1, month: 1, dow: 4 })).toBe(false);
    const db = app.ctx.db;
    const { b } = await ownedBusiness('Cron Plumbing');
    const old = await seedPerson(db, b.id, { phone: fakeNumber(), daysAgo: 120 });
    await db.$transaction((tx) => enqueue(tx, 'retention.sweep', {}));
    await runDueJobs(app.ctx, own.url, [privacyTasks]);
    expect(await db.transcriptSegment.count({ where: { callId: old.callId } })).toBe(0);
  });
});
