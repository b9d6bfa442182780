import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processCall } from '../../server/leads/process-call.ts';
import { writeSettled } from '../../server/sync/claim.ts';
import { markNeedsReauth } from '../../server/sync/connection-state.ts';
import { acquireLease } from '../../server/sync/lease.ts';
import { envelopeOf, type WebhookEventType } from '../../server/webhooks/events.ts';
import { call as http } from '../../testkit/http.ts';
import { callSid, fakeNumber, postTwilio, TWILIO_API, TWILIO_SID, TWILIO_TOKEN } from '../../testkit/twilio.ts';
import { startWebhookApp, type WebhookApp } from '../../testkit/webhook-app.ts';
import { type Receiver, startReceiver } from '../../testkit/webhook-receiver.ts';

// Each event the issue lists, made by the real path that makes it, received signed and checked against its
// published schema (the one the OpenAPI `webhooks` section is generated from).
let app: WebhookApp;
let rx: Receiver;
beforeAll(async () => {
  rx = await startReceiver();
  app = await startWebhookApp({
    WEBHOOKS_ALLOW_LOOPBACK: 'true',
    TWILIO_ACCOUNT_SID: TWILIO_SID,
    TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
    TWILIO_API_BASE_URL: TWILIO_API,
  });
});
afterAll(async () => {
  await app.close();
  await rx.stop();
});

const ALL = [
  'call.started',
  'call.completed',
  'lead.created',
  'lead.updated',
  'lead.synced',
  'callback.updated',
  'connection.needs_reauth',
];

async function received(secret: string, path: string, type: string, n = 1) {
  const end = Date.now() + 10_000;
  for (;;) {
    const got = rx.received
      .filter((r) => r.path === path)
      .map((r) => ({ r, body: new Webhook(secret).verify(r.body, r.headers as never) as { type: string } }))
      .filter((x) => x.body.type === type);
    if (got.length >= n) {
      for (const g of got) envelopeOf(type as WebhookEventType).parse(g.body);
      return got.map((g) => g.body as { type: string; data: Record<string, unknown> });
    }
    if (Date.now() > end) throw new Error(`no ${type} at ${path}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function answeredCall(phone: string, from: string, words: string) {
  const sid = callSid();
  await postTwilio(app.url, '/twilio/voice', { CallSid: sid, From: from, To: phone, Direction: 'inbound' });
  const c = await app.ctx.db.call.findUniqueOrThrow({ where: { twilioCallSid: sid } });
  // The caller agreed to recording and transcription (a declined call keeps no transcript).
  await app.ctx.db.consentRecord.create({
    data: { callId: c.id, businessId: c.businessId, outcome: 'granted', promptText: 'May we record?' },
  });
  await app.ctx.db.transcriptSegment.createMany({
    data: [
      { callId: c.id, businessId: c.businessId, seq: 0, speaker: 'agent', text: 'Thanks for calling, how can I help?' },
      { callId: c.id, businessId: c.businessId, seq: 1, speaker: 'caller', text: words },
    ],
  });
  await postTwilio(app.url, '/twilio/status', { CallSid: sid, CallStatus: 'completed', CallDuration: '65' });
  await processCall(app.ctx, c.id);
  return c;
}

describe('webhook events', () => {
  it('sends every event type from the change that makes it', async () => {
    const t = await app.tenant();
    const phone = fakeNumber();
    // The number is routed to the business directly: attaching through the API (Twilio ownership) has its own tests.
    await app.ctx.db.phoneNumber.create({ data: { businessId: t.businessId, e164: phone } });
    const path = `/events/${t.businessId}`;
    const ep = (
      await http(app.url, 'POST', `/api/v1/businesses/${t.businessId}/webhooks`, {
        token: t.token,
        body: { url: `${rx.url}${path}`, events: ALL, includeTranscript: true },
      })
    ).body as { id: string; secret: string };

    const first = await answeredCall(
      phone,
      '+15125550142',
      'Hi, this is Dana Whitfield, my kitchen sink is leaking, please call me back at 512 555 0142.',
    );
    const [started] = await received(ep.secret, path, 'call.started');
    expect(started!.data).toMatchObject({
      callId: first.id,
      businessId: t.businessId,
      direction: 'inbound',
      from: '+15125550142',
    });
    const [completed] = await received(ep.secret, path, 'call.completed');
    expect(completed!.data).toMatchObject({ callId: first.id, status: 'completed', durationSeconds: 65 });
    expect(completed!.data.transcript).toHaveLength(2);
    expect(completed!.data.transcriptUrl).toBe(`https://leadline.test/api/v1/calls/${first.id}`);
    const [created] = await received(ep.secret, path, 'lead.created');
    const leadId = created!.data.leadId as string;
    expect(created!.data).toMatchObject({ callId: first.id, phone: '+15125550142' });

    await answeredCall(phone, '+15125550142', 'It is Dana again, the leak got worse, please hurry.');
    const [updated] = await received(ep.secret, path, 'lead.updated');
    expect(updated!.data.leadId).toBe(leadId);

    // lead.synced: the sync drain settles the lead's record for a connection.
    const conn = await app.ctx.db.connection.create({
      data: { businessId: t.businessId, provider: 'hubspot', externalAccountId: '42', externalName: 'acme.example' },
    });
    const rec = await app.ctx.db.syncRecord.create({
      data: { connectionId: conn.id, businessId: t.businessId, kind: 'lead', localId: leadId },
    });
    const version = (
      await app.ctx.db.$queryRaw<{ v: string }[]>`
        select to_char("updatedAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS') as v from "SyncRecord" where "id" = ${rec.id}::uuid`
    )[0]!.v;
    const lease = (await acquireLease(app.ctx.db, conn.id))!;
    await writeSettled(
      app.ctx.db,
      {
        synced: [
          {
            id: rec.id,
            claimedVersion: version,
            externalId: '901',
            deepLink: 'https://app.hubspot.com/contacts/42/record/0-1/901',
            externalIds: { contact: '901', call: '77' },
          },
        ],
        failed: [],
        retry: [],
      },
      lease,
    );
    await lease.end({ handBack: true });
    const [synced] = await received(ep.secret, path, 'lead.synced');
    expect(synced!.data).toMatchObject({
      leadId,
      provider: 'hubspot',
      externalId: '901',
      externalIds: { contact: '901', call: '77' },
      deepLink: 'https://app.hubspot.com/contacts/42/record/0-1/901',
    });

    // callback.updated: a website callback moves on.
    const cb = await app.ctx.db.callbackRequest.create({
      data: { businessId: t.businessId, name: 'Vic', phone: '+15125550199', consentCall: true, tokenHash: 'x' },
    });
    await app.ctx.db.$transaction((tx) => app.ctx.recordCallbackProgress(tx, cb.id, { status: 'calling' }));
    const [progress] = await received(ep.secret, path, 'callback.updated');
    expect(progress!.data).toMatchObject({ callbackRequestId: cb.id, status: 'calling' });

    await markNeedsReauth(app.ctx.db, conn.id, 'refresh token revoked');
    const [reauth] = await received(ep.secret, path, 'connection.needs_reauth');
    expect(reauth!.data).toMatchObject({ connectionId: conn.id, provider: 'hubspot', reason: 'refresh token revoked' });

    // A retried voice webhook for a call already recorded starts nothing new.
    await postTwilio(app.url, '/twilio/voice', {
      CallSid: first.twilioCallSid,
      From: '+15125550142',
      To: phone,
      Direction: 'inbound',
    });
    expect(await app.ctx.db.webhookEvent.count({ where: { businessId: t.businessId, type: 'call.started' } })).toBe(2);
  });

  it('leaves the transcript out (a link only) for endpoints that did not ask for it', async () => {
    const t = await app.tenant();
    const phone = fakeNumber();
    await app.ctx.db.phoneNumber.create({ data: { businessId: t.businessId, e164: phone } });
    const path = `/lean/${t.businessId}`;
    const ep = (
      await http(app.url, 'POST', `/api/v1/businesses/${t.businessId}/webhooks`, {
        token: t.token,
        body: { url: `${rx.url}${path}`, events: ['call.completed'] },
      })
    ).body as { id: string; secret: string };
    await answeredCall(phone, '+15125550177', 'My water heater is broken, call me at 512 555 0177.');
    const [completed] = await received(ep.secret, path, 'call.completed');
    expect(completed!.data.transcript).toBeUndefined();
    expect(completed!.data.transcriptUrl).toMatch(/\/api\/v1\/calls\//);
    expect(rx.received.filter((r) => r.path === path).map((r) => JSON.parse(r.body).type)).toEqual(['call.completed']);
  });
});
