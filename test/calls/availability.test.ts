/**
 * check_availability: free slots from opening hours minus the calendar's busy times (pure), and the tool
 * as the assistant calls it, against a connected Google Calendar (nock, the vendor's freeBusy shape).
 */
import { randomUUID } from 'node:crypto';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBusiness } from '../../server/businesses/service.ts';
import { openIntervalsBetween } from '../../server/businesses/hours.ts';
import { runTool } from '../../server/calls/tools.ts';
import { freeSlots } from '../../server/calls/slots.ts';
import { encryptSecret } from '../../server/crypto/secrets.ts';
import { connectionSlot } from '../../server/sync/grants.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { callSid, fakeNumber } from '../../testkit/twilio.ts';

const weekdays = {
  mon: [
    ['09:00', '12:00'],
    ['13:00', '17:00'],
  ],
  tue: [['09:00', '17:00']],
} as never;
const TZ = 'America/Chicago';
const at = (iso: string) => Date.parse(iso);

describe('freeSlots', () => {
  const day = { from: at('2026-03-10T00:00:00-05:00'), to: at('2026-03-11T00:00:00-05:00') }; // a Tuesday (CDT)
  const open = openIntervalsBetween(weekdays, TZ, day.from, day.to);

  it('cuts opening hours into local half-hour starts and leaves out busy times', () => {
    const slots = freeSlots({
      open,
      busy: [{ start: '2026-03-10T10:00:00-05:00', end: '2026-03-10T11:15:00-05:00' }],
      ...day,
      notBefore: 0,
      timezone: TZ,
      slotMinutes: 60,
      max: 5,
    });
    expect(slots).toEqual([
      '2026-03-10T09:00:00-05:00',
      '2026-03-10T11:30:00-05:00',
      '2026-03-10T12:00:00-05:00',
      '2026-03-10T12:30:00-05:00',
      '2026-03-10T13:00:00-05:00',
    ]);
  });

  it('never offers a slot that overruns closing time, or one in the past', () => {
    const slots = freeSlots({
      open,
      busy: [],
      ...day,
      notBefore: at('2026-03-10T15:10:00-05:00'),
      timezone: TZ,
      slotMinutes: 60,
    });
    expect(slots).toEqual(['2026-03-10T15:30:00-05:00', '2026-03-10T16:00:00-05:00']);
  });

  it('aligns on local half hours in a zone 45 minutes off the hour', () => {
    const np = 'Asia/Kathmandu';
    const d = { from: at('2026-03-10T00:00:00+05:45'), to: at('2026-03-11T00:00:00+05:45') };
    const slots = freeSlots({
      open: openIntervalsBetween(weekdays, np, d.from, d.to),
      busy: [],
      ...d,
      notBefore: 0,
      timezone: np,
      slotMinutes: 30,
      max: 2,
    });
    expect(slots).toEqual(['2026-03-10T09:00:00+05:45', '2026-03-10T09:30:00+05:45']);
  });

  it('is empty when the calendar is full', () => {
    expect(
      freeSlots({
        open,
        busy: [{ start: '2026-03-10T08:00:00-05:00', end: '2026-03-10T18:00:00-05:00' }],
        ...day,
        notBefore: 0,
        timezone: TZ,
        slotMinutes: 60,
      }),
    ).toEqual([]);
  });
});

describe('the check_availability tool with a connected Google Calendar', () => {
  const API = 'https://calendar-api.test';
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({
      env: { GOOGLE_CLIENT_ID: 'cid', GOOGLE_CLIENT_SECRET: 'secret', GOOGLE_API_BASE_URL: API },
    });
  });
  afterAll(async () => {
    nock.cleanAll();
    await app.close();
  });

  it("offers the business's free slots next week, asking Google for exactly that window", async () => {
    const b = await createBusiness(app.ctx.db, {
      name: 'Bay Heating',
      timezone: TZ,
      weeklyHours: weekdays,
      phone: fakeNumber(),
    } as never);
    const id = randomUUID();
    await app.ctx.db.connection.create({
      data: {
        id,
        businessId: b.id,
        provider: 'google-calendar',
        externalAccountId: 'desk@bayheating.test',
        status: 'active',
        scopes: [],
        accessTokenEnc: encryptSecret(app.ctx.config, 'at-1', connectionSlot(id, 'accessToken')),
        refreshTokenEnc: encryptSecret(app.ctx.config, 'rt-1', connectionSlot(id, 'refreshToken')),
        tokenKeyId: app.ctx.config.currentKeyId,
        expiresAt: new Date(Date.now() + 3600_000),
      },
    });
    const call = await app.ctx.db.call.create({
      data: {
        businessId: b.id,
        twilioCallSid: callSid(),
        direction: 'inbound',
        status: 'in_progress',
        from: '+15125550142',
        to: '+15125550100',
      },
    });
    // Tuesday of next week in Chicago, whatever today is.
    const next = new Date(Date.now() + 7 * 86_400_000);
    const tuesday = new Date(
      Date.UTC(next.getUTCFullYear(), next.getUTCMonth(), next.getUTCDate() + ((2 - next.getUTCDay() + 7) % 7)),
    );
    const ymd = tuesday.toISOString().slice(0, 10);
    const offset = new Intl.DateTimeFormat('en-US', { timeZone: TZ, timeZoneName: 'longOffset' })
      .formatToParts(tuesday)
      .find((p) => p.type === 'timeZoneName')!
      .value.replace('GMT', '');
    let asked: Record<string, unknown> = {};
    const scope = nock(API)
      .post('/calendar/v3/freeBusy', (body) => ((asked = body), true))
      .reply(200, {
        kind: 'calendar#freeBusy',
        calendars: {
          'desk@bayheating.test': { busy: [{ start: `${ymd}T09:00:00${offset}`, end: `${ymd}T12:00:00${offset}` }] },
        },
      });

    const r = await runTool(app.ctx, call.id, 'check_availability', {
      from: `${ymd}T08:00:00${offset}`,
      to: `${ymd}T18:00:00${offset}`,
    });
    expect(scope.isDone()).toBe(true);
    expect(asked).toMatchObject({
      timeMin: new Date(`${ymd}T08:00:00${offset}`).toISOString(),
      timeMax: new Date(`${ymd}T18:00:00${offset}`).toISOString(),
      items: [{ id: 'desk@bayheating.test' }],
    });
    expect(r.output).toMatchObject({ timezone: TZ, slotMinutes: 60 });
    const slots = (r.output as { slots: string[] }).slots;
    expect(slots[0]).toBe(`${ymd}T12:00:00${offset}`);
    expect(slots).toHaveLength(8);
    expect(slots.every((s) => s.startsWith(ymd))).toBe(true);
  });

  it('says when no calendar is connected', async () => {
    const b = await createBusiness(app.ctx.db, { name: 'No Calendar Co', phone: fakeNumber() } as never);
    const call = await app.ctx.db.call.create({
      data: { businessId: b.id, twilioCallSid: callSid(), direction: 'inbound', status: 'in_progress' },
    });
    const r = await runTool(app.ctx, call.id, 'check_availability', {
      from: '2026-03-10T08:00:00-05:00',
      to: '2026-03-10T18:00:00-05:00',
    });
    expect(r.output).toMatchObject({ calendar: 'not connected' });
  });
});
