/**
 * A booking made by the assistant during a call is the event the post-call sync updates: one event in the
 * calendar, never a second one under the lead's id. Google Calendar is nocked (as in
 * test/connectors/google-calendar); the call, the booking tool, the post-call pipeline and the push are real.
 */
import { randomUUID } from 'node:crypto';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventIdFor } from '../../connectors/google-calendar/mapping.ts';
import type { AppContext } from '../../server/context.ts';
import { appContext } from '../../server/runtime.ts';
import { encryptSecret } from '../../server/crypto/secrets.ts';
import { connectionSlot } from '../../server/sync/grants.ts';
import { createBusiness } from '../../server/businesses/service.ts';
import { runTool } from '../../server/calls/tools.ts';
import { processCall } from '../../server/leads/process-call.ts';
import { enqueueLeadSync } from '../../server/sync/outbox.ts';
import { runPush } from '../../server/sync/push.ts';
import { syncStatusForLead } from '../../server/sync/status.ts';
import { startTestApp, testConfig, type TestApp } from '../../testkit/app.ts';

const API = 'https://gcal.test';
const CAL = `frontdesk-${randomUUID().slice(0, 8)}@bayheating.test`;
const EVENTS = `/calendar/v3/calendars/${encodeURIComponent(CAL)}/events`;

let app: TestApp;
let ctx: AppContext;
beforeAll(async () => {
  app = await startTestApp();
  ctx = appContext(
    testConfig({ GOOGLE_CLIENT_ID: 'cid', GOOGLE_CLIENT_SECRET: 'secret', GOOGLE_API_BASE_URL: API }),
    app.ctx.db,
    app.ctx.log,
  );
});
afterAll(() => app?.close());
afterEach(() => nock.cleanAll());

/** The Calendar API for one calendar: free all day, and every insert and patch recorded. */
function calendarApi() {
  const inserts: { id: string; start: unknown }[] = [];
  const patches: { eventId: string; body: Record<string, unknown> }[] = [];
  nock(API)
    .persist()
    .post('/calendar/v3/freeBusy')
    .reply(200, { kind: 'calendar#freeBusy', calendars: { [CAL]: { busy: [] } } });
  nock(API)
    .persist()
    .post(EVENTS)
    .query(true)
    .reply(200, (_uri, body: any) => {
      inserts.push({ id: body.id, start: body.start });
      return { ...body, htmlLink: `https://calendar.google.com/event?eid=${body.id}` };
    });
  nock(API)
    .persist()
    .patch(new RegExp(`^${EVENTS.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/\\w+`))
    .query(true)
    .reply(200, (uri, body: any) => {
      const eventId = new URL(uri, API).pathname.split('/').pop()!;
      patches.push({ eventId, body });
      return { id: eventId, htmlLink: `https://calendar.google.com/event?eid=${eventId}` };
    });
  return { inserts, patches };
}

describe('booking during a call', () => {
  it('the post-call sync updates the booked event instead of inserting a second one', async () => {
    const api = calendarApi();
    const { db } = ctx;
    const allDay = Object.fromEntries(
      ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]),
    );
    const biz = await createBusiness(db, {
      name: 'Bay Heating',
      timezone: 'America/Los_Angeles',
      weeklyHours: allDay as never,
    });
    const id = randomUUID();
    const conn = await db.connection.create({
      data: {
        id,
        businessId: biz.id,
        provider: 'google-calendar',
        externalAccountId: CAL,
        externalName: CAL,
        ownerEmail: CAL,
        scopes: [],
        accessTokenEnc: encryptSecret(ctx.config, 'gcal-token', connectionSlot(id, 'accessToken')),
        refreshTokenEnc: encryptSecret(ctx.config, 'gcal-refresh', connectionSlot(id, 'refreshToken')),
        tokenKeyId: ctx.config.currentKeyId,
        expiresAt: new Date(Date.now() + 3600_000),
        status: 'active',
      },
    });
    const call = await db.call.create({
      data: {
        businessId: biz.id,
        twilioCallSid: `CA${randomUUID().replace(/-/g, '')}`,
        direction: 'inbound',
        from: '+14155550123',
        to: '+14155550000',
        status: 'in_progress',
        startedAt: new Date(),
        answeredAt: new Date(),
      },
    });

    // During the call: the assistant books a day next week at 10:00 (no lead exists yet). Bookings are
    // refused in the past, outside opening hours or beyond the horizon, so the date is relative to now.
    const start = `${new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10)}T10:00:00-07:00`;
    const tool = await runTool(ctx, call.id, 'book_appointment', {
      start,
      durationMinutes: 45,
      summary: 'Furnace repair',
    });
    expect(tool.output).toEqual({ booked: true, start });
    const booked = eventIdFor(conn.id, call.id);
    expect(api.inserts.map((i) => i.id)).toEqual([booked]);

    // The call ends; the pipeline writes the lead and enqueues its sync in the same transaction.
    await db.transcriptSegment.createMany({
      data: [
        { callId: call.id, businessId: biz.id, seq: 0, speaker: 'agent', text: 'Bay Heating, how can I help?' },
        {
          callId: call.id,
          businessId: biz.id,
          seq: 1,
          speaker: 'caller',
          text: 'Hi, this is Maria Ruiz. My furnace stopped working and the house is cold. Can someone come Tuesday at 10?',
        },
        {
          callId: call.id,
          businessId: biz.id,
          seq: 2,
          speaker: 'agent',
          text: 'You are booked for Tuesday at 10. We will call this number if anything changes.',
        },
      ],
    });
    await db.call.update({
      where: { id: call.id },
      data: { status: 'completed', endedAt: new Date(), durationSeconds: 80 },
    });
    const processed = await processCall(ctx, call.id);
    const leadId = processed.leadId!;
    expect(leadId).toBeTruthy();

    // The post-call sync.
    const r = await runPush(ctx, conn.id);
    expect(r).toMatchObject({ synced: 1, failed: 0, retried: 0 });
    expect(api.inserts).toHaveLength(1);
    expect(api.patches.map((p) => p.eventId)).toEqual([booked]);
    expect(api.inserts.map((i) => i.id)).not.toContain(eventIdFor(conn.id, leadId));

    const [status] = await syncStatusForLead(db, leadId);
    expect(status).toMatchObject({
      provider: 'google-calendar',
      status: 'synced',
      externalId: booked,
      deepLink: `https://calendar.google.com/event?eid=${booked}`,
      error: null,
    });
    const ledger = await db.syncLedgerEntry.findMany({
      where: { connectionId: conn.id, kind: 'lead:event' },
      select: { localId: true, externalId: true },
    });
    expect(ledger).toEqual(
      expect.arrayContaining([
        { localId: call.id, externalId: booked },
        { localId: leadId, externalId: booked },
      ]),
    );
    const callRec = await db.syncRecord.findUniqueOrThrow({
      where: { connectionId_kind_localId: { connectionId: conn.id, kind: 'call', localId: call.id } },
    });
    expect(callRec).toMatchObject({ status: 'synced', externalId: booked });

    // A later sync of the same lead (it changed) still updates that one event.
    await db.lead.update({ where: { id: leadId }, data: { summary: 'Furnace out; caller asked for the morning.' } });
    await db.$transaction((tx) => enqueueLeadSync(tx, { businessId: biz.id, leadId, callId: null }));
    await runPush(ctx, conn.id);
    expect(api.inserts).toHaveLength(1);
    expect(api.patches.map((p) => p.eventId)).toEqual([booked, booked]);
  });
});
