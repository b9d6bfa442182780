/**
 * #12 item 3: a number routes calls to whoever attached it, so only numbers of the configured Twilio account
 * (or bought through Leadline) can be attached, and a detached number rests in quarantine before another
 * business may take it. Twilio's REST API is answered by nock at the configured base URL.
 */
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { verifiedSignup } from '../../testkit/accounts.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { apiClient } from '../../testkit/api-client.ts';
import { createBusinessVia, signup } from '../../testkit/http.ts';
import { fakeNumber, telephonyEnv, TWILIO_API, TWILIO_SID, TWILIO_TOKEN } from '../../testkit/twilio.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ env: telephonyEnv({ NUMBER_QUARANTINE_DAYS: '30' }) });
});
afterAll(() => app.close());
afterEach(() => nock.cleanAll());

const ACCOUNT = `/2010-04-01/Accounts/${TWILIO_SID}`;
const pn = () => 'PN' + 'ab'.repeat(16);

/** Twilio's IncomingPhoneNumbers list, filtered by PhoneNumber: the account owns exactly `owned`. */
function twilioOwns(owned: string[]) {
  return nock(TWILIO_API)
    .get(`${ACCOUNT}/IncomingPhoneNumbers.json`)
    .query(true)
    .basicAuth({ user: TWILIO_SID, pass: TWILIO_TOKEN })
    .reply((uri) => {
      const asked = new URL(uri, TWILIO_API).searchParams.get('PhoneNumber');
      const items = owned.filter((n) => n === asked).map((n) => ({ sid: pn(), phone_number: n }));
      return [200, { incoming_phone_numbers: items, next_page_uri: null, page: 0, page_size: 1 }];
    });
}

async function adminOf() {
  const u = await verifiedSignup(app, 'numbers');
  const b = await createBusinessVia(app.url, u.accessToken);
  return { token: u.accessToken, id: b.id };
}

type Biz = { token: string; id: string };
const attach = (biz: Biz, body: { e164: string; label?: string }) =>
  apiClient(app.url, biz.token).POST('/api/v1/businesses/{id}/phone-numbers', {
    params: { path: { id: biz.id } },
    body,
  });
const detach = (biz: Biz, numberId: string) =>
  apiClient(app.url, biz.token).DELETE('/api/v1/businesses/{id}/phone-numbers/{numberId}', {
    params: { path: { id: biz.id, numberId } },
  });
const purchase = (biz: Biz, body: { e164: string; label?: string }) =>
  apiClient(app.url, biz.token).POST('/api/v1/businesses/{id}/phone-numbers/purchase', {
    params: { path: { id: biz.id } },
    body,
  });

describe('attaching a number', () => {
  it("refuses a number that is not in Leadline's Twilio account, writing nothing", async () => {
    const biz = await adminOf();
    const victims = fakeNumber();
    const scope = twilioOwns([]);
    const r = await attach(biz, { e164: victims, label: 'mine now' });
    scope.done();
    expect(r.response.status).toBe(422);
    expect(r.response.headers.get('content-type')).toContain('application/problem+json');
    expect(r.error!.type).toMatch(/number-not-owned$/);
    expect(await app.ctx.db.phoneNumber.count({ where: { e164: victims } })).toBe(0);
  });

  it('attaches an owned number with its label and Twilio SID in one write', async () => {
    const biz = await adminOf();
    const n = fakeNumber();
    twilioOwns([n]);
    const r = await attach(biz, { e164: n, label: 'Main line' });
    expect(r.response.status).toBe(201);
    expect(r.data).toMatchObject({ e164: n, label: 'Main line' });
    const row = await app.ctx.db.phoneNumber.findUniqueOrThrow({ where: { e164: n } });
    expect(row).toMatchObject({ businessId: biz.id, twilioSid: pn(), label: 'Main line' });
  });

  it('needs a verified e-mail: an open sign-up cannot claim numbers', async () => {
    const u = await signup(app.url, 'unverified');
    const b = await createBusinessVia(app.url, u.accessToken);
    const n = fakeNumber();
    const r = await attach({ token: u.accessToken, id: b.id }, { e164: n });
    expect(r.response.status).toBe(403);
    expect(r.error!.type).toMatch(/email-unverified$/);
    expect(await app.ctx.db.phoneNumber.count({ where: { e164: n } })).toBe(0);
  });

  it('keeps a detached number in quarantine from other businesses; its own business may take it back', async () => {
    const first = await adminOf();
    const second = await adminOf();
    const n = fakeNumber();
    twilioOwns([n]);
    const attached = await attach(first, { e164: n });
    expect(attached.response.status).toBe(201);
    twilioOwns([n]);
    expect((await attach(second, { e164: n })).response.status).toBe(409);

    const detached = await detach(first, attached.data!.id);
    expect(detached.response.status).toBe(204);
    twilioOwns([n]);
    const grab = await attach(second, { e164: n });
    expect(grab.response.status).toBe(409);
    expect(grab.error!.type).toMatch(/number-quarantined$/);
    const { availableAt } = grab.error as unknown as { availableAt: string }; // a problem extension member
    expect(new Date(availableAt).getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    expect(await app.ctx.db.phoneNumber.count({ where: { e164: n } })).toBe(0);

    // Once the quarantine is over, another business may have it.
    await app.ctx.db.releasedNumber.update({ where: { e164: n }, data: { availableAt: new Date(Date.now() - 1000) } });
    twilioOwns([n]);
    expect((await attach(second, { e164: n })).response.status).toBe(201);
    expect(await app.ctx.db.releasedNumber.count({ where: { e164: n } })).toBe(0);
  });

  it('lets the detaching business re-attach during its own quarantine', async () => {
    const biz = await adminOf();
    const n = fakeNumber();
    twilioOwns([n]);
    const a = await attach(biz, { e164: n });
    expect((await detach(biz, a.data!.id)).response.status).toBe(204);
    twilioOwns([n]);
    expect((await attach(biz, { e164: n })).response.status).toBe(201);
  });
});

describe('buying a number through Leadline', () => {
  it('searches, buys with the webhooks set, and attaches', async () => {
    const biz = await adminOf();
    const n = fakeNumber();
    const search = nock(TWILIO_API)
      .get(`${ACCOUNT}/AvailablePhoneNumbers/US/Local.json`)
      .query((q) => q.AreaCode === '512' && q.VoiceEnabled === 'true')
      .reply(200, {
        available_phone_numbers: [
          {
            phone_number: n,
            friendly_name: '(512) 555-0100',
            locality: 'Austin',
            region: 'TX',
            capabilities: { voice: true, SMS: true, MMS: false, sms: true },
          },
        ],
        next_page_uri: null,
      });
    const found = await apiClient(app.url, biz.token).POST('/api/v1/businesses/{id}/phone-numbers/search', {
      params: { path: { id: biz.id } },
      body: { areaCode: 512 },
    });
    search.done();
    expect(found.response.status).toBe(200);
    expect(found.data!.items).toEqual([
      { e164: n, friendlyName: '(512) 555-0100', locality: 'Austin', region: 'TX', sms: true },
    ]);

    let bought: Record<string, string> = {};
    const buy = nock(TWILIO_API)
      .post(`${ACCOUNT}/IncomingPhoneNumbers.json`, (b) => ((bought = b), true))
      .basicAuth({ user: TWILIO_SID, pass: TWILIO_TOKEN })
      .reply(201, { sid: pn(), phone_number: n });
    const r = await purchase(biz, { e164: n, label: 'Bought' });
    buy.done();
    expect(r.response.status).toBe(201);
    expect(r.data).toMatchObject({ e164: n, label: 'Bought' });
    expect(bought).toMatchObject({
      PhoneNumber: n,
      VoiceUrl: 'https://leadline.test/twilio/voice',
      VoiceMethod: 'POST',
      StatusCallback: 'https://leadline.test/twilio/status',
      SmsUrl: 'https://leadline.test/twilio/sms',
    });
    expect(await app.ctx.db.phoneNumber.findUniqueOrThrow({ where: { e164: n } })).toMatchObject({
      businessId: biz.id,
      twilioSid: pn(),
      label: 'Bought',
    });
  });

  it('does not pay for a number that is quarantined for this business', async () => {
    const first = await adminOf();
    const second = await adminOf();
    const n = fakeNumber();
    twilioOwns([n]);
    const a = await attach(first, { e164: n });
    expect((await detach(first, a.data!.id)).response.status).toBe(204);
    const buy = nock(TWILIO_API)
      .post(`${ACCOUNT}/IncomingPhoneNumbers.json`)
      .reply(201, { sid: pn(), phone_number: n });
    const r = await purchase(second, { e164: n });
    expect(r.response.status).toBe(409);
    expect(buy.isDone()).toBe(false);
  });
});
