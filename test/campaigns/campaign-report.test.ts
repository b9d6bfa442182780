/**
 * #19 B, reports: dials by outcome (from Twilio's status, machine detection and the lead), minutes used
 * from the ledger, conversion, calls with their links, the CSV export, and `campaign.call.completed` in the
 * webhook outbox with the catalogue's schema.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignTasks } from '../../server/campaigns/tasks.ts';
import { transition } from '../../server/campaigns/service.ts';
import { envelopeOf } from '../../server/webhooks/events.ts';
import { verifiedSignup } from '../../testkit/accounts.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { dialCycle, sendAmd, sendStatus } from '../../testkit/campaign-calls.ts';
import { seedList, usNumbers } from '../../testkit/campaign-seed.ts';
import { call, createBusinessVia } from '../../testkit/http.ts';
import { setBalance } from '../../testkit/minutes.ts';
import { telephonyEnv, TWILIO_SID, TWILIO_TOKEN } from '../../testkit/twilio.ts';
import { startTwilioRestStandin, type TwilioRestStandin } from '../../testkit/twilio-rest-standin.ts';

let app: TestApp;
let twilio: TwilioRestStandin;
beforeAll(async () => {
  twilio = await startTwilioRestStandin({ accountSid: TWILIO_SID, authToken: TWILIO_TOKEN });
  app = await startTestApp({ env: telephonyEnv({ TWILIO_API_BASE_URL: twilio.url }) });
});
afterAll(async () => {
  await app.close();
  await twilio.stop();
});

describe('campaign report', () => {
  it('counts outcomes, minutes and conversion, exports CSV, and announces each completed dial', async () => {
    const u = await verifiedSignup(app, 'report');
    const b = await createBusinessVia(app.url, u.accessToken, { timezone: 'America/New_York' });
    const number = usNumbers(1, 512)[0]!;
    await app.ctx.db.phoneNumber.create({ data: { businessId: b.id, e164: number } });
    await setBalance(app.ctx.db, b.id, 3600);
    await app.ctx.db.webhookEndpoint.create({
      data: {
        businessId: b.id,
        url: 'https://hooks.example/x',
        events: ['campaign.call.completed'],
        secretEnc: 'unused',
      },
    });
    const phones = usNumbers(3, 212);
    const listId = await seedList(
      app.ctx.db,
      b.id,
      phones.map((phone, i) => ({ phone, name: ['=HYPERLINK("x")', 'Bo', 'Cy'][i]!, timeZone: 'America/New_York' })),
    );
    const created = await call(app.url, 'POST', `/api/v1/businesses/${b.id}/campaigns`, {
      token: u.accessToken,
      body: {
        listId,
        name: 'Spring',
        goal: 'book',
        script: 'Offer a check-up.',
        greeting: 'Hi!',
        disclosure: 'AI assistant for Acme.',
        callerId: number,
        window: { start: '09:00', end: '17:00', days: [1, 2, 3, 4, 5, 6, 7] },
        maxAttempts: 1,
      },
    });
    expect(created.status).toBe(201);
    const c = created.body;
    await transition(app.ctx.db, b.id, c.id, 'start', {
      accountId: '00000000-0000-4000-8000-000000000000',
      ip: undefined,
    });
    await dialCycle(app.ctx, c.id, new Date('2027-03-16T15:00:00Z'));
    const made = (to: string) => twilio.calls().find((x) => x.to === to)!;

    // A machine (31 s, one minute charged), a busy line, a person who booked (95 s, two minutes).
    await sendAmd(app.url, made(phones[0]!), 'machine_end_beep');
    await sendStatus(app.url, made(phones[0]!), 'completed', { duration: 31 });
    await sendStatus(app.url, made(phones[1]!), 'busy');
    await sendAmd(app.url, made(phones[2]!), 'human');
    await sendStatus(app.url, made(phones[2]!), 'completed', { duration: 95 });
    // Post-call processing found a booking; the outcome job reads it.
    const human = await app.ctx.db.campaignDial.findFirstOrThrow({
      where: { campaignId: c.id, target: { phone: phones[2]! } },
    });
    await app.ctx.db.call.update({
      where: { id: human.callId! },
      data: { processedAt: new Date(), requestedStart: new Date('2027-03-20T15:00:00Z') },
    });
    const helpers = { job: { attempts: 1, max_attempts: 12 }, logger: { info: () => {} } } as never;
    await campaignTasks(app.ctx)['campaign.outcome']!({ dialId: human.id }, helpers);

    const r = await call(app.url, 'GET', `/api/v1/businesses/${b.id}/campaigns/${c.id}/report`, {
      token: u.accessToken,
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ targets: 3, dials: 3, minutesUsed: 3, reached: 1, conversion: 1 });
    expect(r.body.outcomes).toMatchObject({ voicemail: 1, busy: 1, booked: 1, no_answer: 0 });
    expect(r.body.calls).toHaveLength(3);
    const booked = r.body.calls.find((x: { outcome: string }) => x.outcome === 'booked');
    expect(booked).toMatchObject({ seconds: 95, answeredBy: 'human', callId: human.callId });

    const csv = await fetch(`${app.url}/api/v1/businesses/${b.id}/campaigns/${c.id}/report.csv`, {
      headers: { authorization: `Bearer ${u.accessToken}` },
    });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const rows = parse(await csv.text(), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(3);
    expect(rows.map((x) => x.outcome).sort()).toEqual(['booked', 'busy', 'voicemail']);
    // A contact name that a spreadsheet would run as a formula is defused; numbers stay as they are.
    expect(rows.find((x) => x.phone === phones[0])!.contactName).toBe(`'=HYPERLINK("x")`);

    const events = await app.ctx.db.webhookEvent.findMany({
      where: { businessId: b.id, type: 'campaign.call.completed' },
    });
    expect(events).toHaveLength(3);
    for (const e of events) envelopeOf('campaign.call.completed').parse(e.payload);
    const outcomes = events.map((e) => (e.payload as { data: { outcome: string } }).data.outcome).sort();
    expect(outcomes).toEqual(['booked', 'busy', 'voicemail']);
    expect(events.every((e) => (e.payload as { data: { campaignName: string } }).data.campaignName === 'Spring')).toBe(
      true,
    );
  });
});
