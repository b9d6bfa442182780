/**
 * Data-subject requests through the API, run by a real worker against the HubSpot and Twilio REST stand-ins:
 * an export (its document checked against the published schema), then erasure that reaches HubSpot (GDPR
 * delete + call archive) while HubSpot fails the first attempt, that waits out a push of the same person in
 * flight, that leaves nothing of the person in plaintext in any table, and a tombstone that stops a stale
 * lead from being pushed while a later call from the same person syncs as usual.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBusiness } from '../../server/businesses/service.ts';
import { startWorker, type JobWorker } from '../../server/jobs/worker.ts';
import { exportDocument } from '../../server/privacy/export.ts';
import { privacyTasks } from '../../server/privacy/tasks.ts';
import { enqueueLeadSync } from '../../server/sync/outbox.ts';
import { syncTasks } from '../../server/sync/tasks.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { apiClient } from '../../testkit/api-client.ts';
import { call as api, signup } from '../../testkit/http.ts';
import { hubspotEnv } from '../../testkit/hubspot-account.ts';
import { startHubspotStandin, type HubspotStandin } from '../../testkit/hubspot-standin.ts';
import { ownDatabase } from '../../testkit/own-database.ts';
import { freshHubId, hubspotConnection, writeLead } from '../../testkit/seed-leads.ts';
import { fakeNumber, TWILIO_SID, TWILIO_TOKEN } from '../../testkit/twilio.ts';
import { startTwilioRestStandin, type TwilioRestStandin } from '../../testkit/twilio-rest-standin.ts';

let own: Awaited<ReturnType<typeof ownDatabase>>;
let twilio: TwilioRestStandin;
let hub: HubspotStandin;
let app: TestApp;
let worker: JobWorker;
const account = { hubId: freshHubId(), token: `tok-${randomUUID()}`, refreshToken: `ref-${randomUUID()}` };
/** While set, HubSpot holds contact writes until it resolves (a push in flight). */
let gate: Promise<void> | null = null;
let gdprAttempts = 0;

beforeAll(async () => {
  own = await ownDatabase('erasure');
  twilio = await startTwilioRestStandin({ accountSid: TWILIO_SID, authToken: TWILIO_TOKEN });
  hub = await startHubspotStandin({
    accounts: [account],
    holdRequest: (kind) => (/^contacts\.batch\.(create|upsert)$/.test(kind) && gate) || undefined,
    // HubSpot fails the first GDPR delete it gets.
    failRequest: (kind) => kind === 'contacts.gdpr-delete' && ++gdprAttempts === 1,
  });
  app = await startTestApp({
    env: {
      DATABASE_URL: own.url,
      TWILIO_ACCOUNT_SID: TWILIO_SID,
      TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
      TWILIO_API_BASE_URL: twilio.url,
      PRIVACY_RETRY_BASE_MS: '200',
      ...hubspotEnv(hub.url),
    },
  });
  worker = await startWorker(app.ctx, own.url, [syncTasks, privacyTasks], 4);
});
afterAll(async () => {
  await worker?.stop();
  await app?.close();
  await hub?.stop();
  await twilio?.stop();
  await own?.drop();
});

async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

async function setup() {
  const owner = await signup(app.url, 'owner');
  const acc = await app.ctx.db.account.findUniqueOrThrow({ where: { email: owner.email } });
  const b = await createBusiness(app.ctx.db, { name: 'Rapid Rooter', ownerAccountId: acc.id });
  await hubspotConnection(app.ctx, { ...account, businessId: b.id });
  return { owner, businessId: b.id };
}

const request = (
  token: string,
  businessId: string,
  body: { type: 'export' | 'erase'; phone?: string; email?: string },
) =>
  apiClient(app.url, token).POST('/api/v1/businesses/{id}/privacy-requests', {
    params: { path: { id: businessId } },
    body,
  });
const status = (token: string, businessId: string, requestId: string) =>
  apiClient(app.url, token).GET('/api/v1/businesses/{id}/privacy-requests/{requestId}', {
    params: { path: { id: businessId, requestId } },
  });
const download = (token: string, businessId: string, requestId: string) =>
  apiClient(app.url, token).GET('/api/v1/businesses/{id}/privacy-requests/{requestId}/download', {
    params: { path: { id: businessId, requestId } },
  });
const finished = (token: string, businessId: string, id: string) =>
  until(`request ${id}`, async () => {
    const r = await status(token, businessId, id);
    return ['done', 'failed'].includes(r.data!.status) && r.data!;
  });

/** Every row of every table of ours, as text, that contains `needle`. */
async function plaintextHits(needle: string): Promise<string[]> {
  const tables = await app.ctx.db.$queryRaw<{ t: string }[]>`
    select table_name as t from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`;
  const hits: string[] = [];
  for (const { t } of tables) {
    const rows = await app.ctx.db.$queryRawUnsafe<{ n: bigint }[]>(
      `select count(*) as n from "${t}" x where x::text ilike $1`,
      `%${needle}%`,
    );
    if (Number(rows[0]!.n)) hits.push(t);
  }
  return hits;
}

describe('data-subject requests', { timeout: 120_000 }, () => {
  it('exports one JSON document, then erases the person everywhere: database, Twilio, HubSpot (failing once)', async () => {
    const { owner, businessId } = await setup();
    const db = app.ctx.db;
    const phone = fakeNumber();
    const email = `dana-${randomUUID().slice(0, 6)}@example.com`;
    const other = await writeLead(db, businessId, { email: null, phone: fakeNumber(), name: 'Someone Else' });
    const mine = await writeLead(db, businessId, { email, phone, name: 'Dana Whitfield' });
    const call = await db.call.findUniqueOrThrow({ where: { id: mine.callId! } });
    const recordingSid = twilio.addRecording(call.twilioCallSid);
    await db.call.update({ where: { id: call.id }, data: { recordingSid, recordingStatus: 'completed' } });
    await db.consentRecord.create({ data: { callId: call.id, businessId, outcome: 'granted', promptText: 'OK?' } });
    await until(
      'both synced',
      async () => hub.contacts(account.hubId).length >= 2 && hub.calls(account.hubId).length >= 2,
    );
    // What else names them: a mail, a rate-limit key, an audit entry.
    await db.outboxEmail.create({ data: { to: 'owner@example.com', subject: 'Hot lead', text: `Call back ${phone}` } });
    await db.rateWindow.create({ data: { key: `widget:number:${phone}`, windowStart: new Date(), used: 1 } });
    await db.auditLog.create({ data: { action: 'lead.viewed', businessId, meta: { email } } });
    await db.webhookEvent.create({
      data: { id: `msg_${randomUUID()}`, businessId, type: 'lead.created', payload: { data: { phone, email } } },
    });

    // Only admins and owners; a bad body is a 422 and writes nothing.
    expect((await request(owner.accessToken, businessId, { type: 'erase' })).response.status).toBe(422);
    expect(await db.privacyRequest.count({ where: { businessId } })).toBe(0);

    const ex = await request(owner.accessToken, businessId, { type: 'export', phone });
    expect(ex.response.status).toBe(202);
    const exId = ex.data!.id;
    const exDone = await finished(owner.accessToken, businessId, exId);
    expect(exDone.status).toBe('done');
    expect(new URL(exDone.download!.url).pathname).toBe(
      `/api/v1/businesses/${businessId}/privacy-requests/${exId}/download`,
    );
    const dl = await download(owner.accessToken, businessId, exId);
    expect(dl.response.status).toBe(200);
    const doc = exportDocument.parse(dl.data);
    expect(doc.subject.emails).toEqual([email]);
    expect(doc.leads.map((l) => l.id)).toEqual([mine.leadId]);
    expect(doc.leads[0]!.crmRecords.some((r) => r.provider === 'hubspot' && r.kind === 'lead:contact')).toBe(true);
    expect(doc.calls[0]!.transcript.length).toBe(2);
    expect(doc.calls[0]!.crmRecords.map((r) => r.kind)).toContain('call:call');
    const link = new URL(doc.calls[0]!.recording!.url);
    expect(Number(link.searchParams.get('exp')) * 1000 - Date.now()).toBeLessThanOrEqual(3600_000);
    const openapi = await api(app.url, 'GET', '/api/openapi.json');
    expect(
      JSON.stringify(openapi.body.paths['/api/v1/businesses/{id}/privacy-requests/{requestId}/download']),
    ).toContain('leadline.subject-export/v1');

    const er = await request(owner.accessToken, businessId, { type: 'erase', email: email.toUpperCase() });
    expect(er.response.status).toBe(202);
    const erId = er.data!.id;
    const erDone = await finished(owner.accessToken, businessId, erId);
    expect(erDone.status).toBe('done');
    expect(erDone.systems.database!.state).toBe('done');
    expect(erDone.systems.twilio!.state).toBe('done');
    expect(erDone.systems.hubspot).toMatchObject({ state: 'done' });
    expect(gdprAttempts).toBeGreaterThanOrEqual(2);

    // HubSpot: the contact GDPR-deleted, the call engagement archived; the other person untouched.
    expect(hub.gdprDeleted().map((d) => d.email)).toContain(email);
    expect(hub.contacts(account.hubId).some((c) => c.properties.email === email)).toBe(false);
    const otherCallId = (await db.syncLedgerEntry.findFirst({ where: { kind: 'call:call', localId: other.callId! } }))!
      .externalId;
    expect(hub.calls(account.hubId).map((c) => c.id)).toEqual([otherCallId]);
    expect(twilio.deleted()).toContain(recordingSid);
    // Nothing in plaintext anywhere (the stored export included); only hashes remain.
    expect(await plaintextHits(phone)).toEqual([]);
    expect(await plaintextHits(email)).toEqual([]);
    expect(await plaintextHits(phone.slice(2))).toEqual([]);
    expect(await db.erasureTombstone.count({ where: { requestId: erId } })).toBe(2);
    expect(await db.lead.count({ where: { id: other.leadId } })).toBe(1);
    const dlAfter = await download(owner.accessToken, businessId, exId);
    expect(dlAfter.response.status).toBe(404);

    // A stale lead of the person (written before the erasure) is never pushed again…
    const tombstoneAt = (await db.erasureTombstone.findFirstOrThrow({ where: { requestId: erId } })).createdAt;
    const stale = await db.lead.create({
      data: { businessId, phone, email, name: 'Dana Whitfield', createdAt: new Date(tombstoneAt.getTime() - 60_000) },
    });
    await db.$transaction((tx) => enqueueLeadSync(tx, { businessId, leadId: stale.id, callId: null }));
    // …while a new call from them later is an ordinary lead, synced as usual.
    const again = await writeLead(db, businessId, { email, phone, name: 'Dana Whitfield' });
    await until('the new lead synced', async () =>
      db.syncRecord.findFirst({ where: { localId: again.leadId, kind: 'lead', status: 'synced' } }),
    );
    await until('the stale lead settled', async () =>
      db.syncRecord.findFirst({ where: { localId: stale.id, kind: 'lead', status: { not: 'pending' } } }),
    );
    expect(await db.syncLedgerEntry.count({ where: { localId: stale.id } })).toBe(0);
    expect(hub.contacts(account.hubId).filter((c) => c.properties.email === email)).toHaveLength(1);
  });

  it('waits for a push of the same person that is in flight, then erases what it created', async () => {
    const { owner, businessId } = await setup();
    const db = app.ctx.db;
    const phone = fakeNumber();
    const email = `race-${randomUUID().slice(0, 6)}@example.com`;
    let release!: () => void;
    gate = new Promise<void>((r) => {
      release = r;
    });
    const writes = () =>
      (hub.stats().requests['contacts.batch.upsert'] ?? 0) + (hub.stats().requests['contacts.batch.create'] ?? 0);
    const before = writes();
    const lead = await writeLead(db, businessId, { email, phone, name: 'Rae Chen' });
    await until('the push is in flight', async () => writes() > before);

    const er = await request(owner.accessToken, businessId, { type: 'erase', phone });
    await until('the database step', async () => {
      const r = await status(owner.accessToken, businessId, er.data!.id);
      return r.data!.systems.database?.state === 'done' && r.data!.systems.hubspot?.state === 'pending';
    });
    expect(await db.lead.count({ where: { id: lead.leadId } })).toBe(0);
    gate = null;
    release();
    const done = await finished(owner.accessToken, businessId, er.data!.id);
    expect(done.status).toBe('done');
    expect(hub.contacts(account.hubId).some((c) => c.properties.email === email)).toBe(false);
    expect(await plaintextHits(email)).toEqual([]);
  });

  it('refuses erasure under a business legal hold, and a non-member sees no business', async () => {
    const { owner, businessId } = await setup();
    const hold = await apiClient(app.url, owner.accessToken).PUT('/api/v1/businesses/{id}/hold', {
      params: { path: { id: businessId } },
      body: { hold: true },
    });
    expect(hold.data).toEqual({ businessId, hold: true });
    const held = await request(owner.accessToken, businessId, { type: 'erase', phone: fakeNumber() });
    expect(held.response.status).toBe(409);
    const stranger = await signup(app.url, 'stranger');
    expect(
      (await request(stranger.accessToken, businessId, { type: 'export', phone: fakeNumber() })).response.status,
    ).toBe(404);
    expect(await app.ctx.db.privacyRequest.count({ where: { businessId } })).toBe(0);
  });
});
