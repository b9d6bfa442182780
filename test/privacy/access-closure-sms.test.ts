/**
 * Recording and transcript access (short-lived per-view links, every read audited, e-mails that link the
 * signed-in page), closing a business (cut off at once, deleted by the sweep after the grace period), and
 * SMS consent (signed inbound keywords, a business that cannot text an opted-out number, even after erasure).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBusiness } from '../../server/businesses/service.ts';
import { enqueue } from '../../server/jobs/enqueue.ts';
import { runDueJobs } from '../../server/jobs/worker.ts';
import { notifyLead } from '../../server/leads/notify.ts';
import { createPrivacyRequest, runPrivacyRequest } from '../../server/privacy/requests.ts';
import { privacyTasks } from '../../server/privacy/tasks.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { apiClient } from '../../testkit/api-client.ts';
import { signup } from '../../testkit/http.ts';
import { hubspotEnv } from '../../testkit/hubspot-account.ts';
import { startHubspotStandin, type HubspotStandin } from '../../testkit/hubspot-standin.ts';
import { ownDatabase } from '../../testkit/own-database.ts';
import { seedPerson } from '../../testkit/privacy-seed.ts';
import { freshHubId, hubspotConnection } from '../../testkit/seed-leads.ts';
import { startSmtpInbox, type SmtpInbox } from '../../testkit/smtp-inbox.ts';
import { fakeNumber, postTwilio, PUBLIC_BASE, TWILIO_SID, TWILIO_TOKEN } from '../../testkit/twilio.ts';
import { startTwilioRestStandin, type TwilioRestStandin } from '../../testkit/twilio-rest-standin.ts';

let own: Awaited<ReturnType<typeof ownDatabase>>;
let twilio: TwilioRestStandin;
let inbox: SmtpInbox;
let app: TestApp;
let hub: HubspotStandin;
const hubAccount = { hubId: freshHubId(), token: 'tok-closure', refreshToken: 'ref-closure' };

beforeAll(async () => {
  own = await ownDatabase('privacy_access');
  twilio = await startTwilioRestStandin({ accountSid: TWILIO_SID, authToken: TWILIO_TOKEN });
  inbox = await startSmtpInbox();
  hub = await startHubspotStandin({ accounts: [hubAccount] });
  app = await startTestApp({
    env: {
      DATABASE_URL: own.url,
      TWILIO_ACCOUNT_SID: TWILIO_SID,
      TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
      TWILIO_API_BASE_URL: twilio.url,
      PUBLIC_BASE_URL: PUBLIC_BASE,
      SMTP_URL: inbox.url,
      ...hubspotEnv(hub.url),
    },
  });
});
afterAll(async () => {
  await app?.close();
  await inbox?.stop();
  await hub?.stop();
  await twilio?.stop();
  await own?.drop();
});

async function ownedBusiness() {
  const owner = await signup(app.url, 'owner');
  const account = await app.ctx.db.account.findUniqueOrThrow({ where: { email: owner.email } });
  const phone = fakeNumber();
  const b = await createBusiness(app.ctx.db, { name: 'Rapid Rooter', phone, ownerAccountId: account.id });
  return { owner, account, b, phone };
}
const local = (u: string) => app.url + new URL(u).pathname + new URL(u).search;
const readCall = (token: string | undefined, callId: string) =>
  apiClient(app.url, token).GET('/api/v1/calls/{callId}', { params: { path: { callId } } });

describe('recording and transcript access', { timeout: 60_000 }, () => {
  it('mints a link of at most an hour per view, for the viewer; every read and fetch is audited', async () => {
    const { owner, account, b } = await ownedBusiness();
    const p = await seedPerson(app.ctx.db, b.id, { phone: fakeNumber(), daysAgo: 1, twilio });
    const view = await readCall(owner.accessToken, p.callId);
    expect(view.response.status).toBe(200);
    const recordingUrl = view.data!.recording!.url!;
    const url = new URL(recordingUrl);
    expect(Number(url.searchParams.get('exp')) * 1000 - Date.now()).toBeLessThanOrEqual(3600_000);
    expect(url.searchParams.get('v')).toBe(account.id);
    const audio = await fetch(local(recordingUrl));
    expect(audio.status).toBe(200);
    expect(audio.headers.get('content-type')).toBe('audio/mpeg');
    const actions = async () =>
      (await app.ctx.db.auditLog.findMany({ where: { target: p.callId }, orderBy: { createdAt: 'asc' } })).map((a) => [
        a.action,
        a.accountId,
      ]);
    expect(await actions()).toEqual([
      ['transcript.read', account.id],
      ['recording.fetched', account.id],
    ]);

    // The page e-mails and CRMs link to: sign-in required, then a fresh link for this view.
    const anonymous = await apiClient(app.url).GET('/api/v1/calls/{callId}/recording', {
      params: { path: { callId: p.callId } },
    });
    expect(anonymous.response.status).toBe(401);
    const page = await fetch(`${app.url}/api/v1/calls/${p.callId}/recording`, {
      headers: { authorization: `Bearer ${owner.accessToken}` },
      redirect: 'manual',
    });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toContain(`/recordings/${p.callId}?exp=`);
    expect((await actions()).at(-1)).toEqual(['recording.viewed', account.id]);

    // A link handed to someone else as if it were theirs, or stretched past an hour, does not play.
    const forged = new URL(recordingUrl);
    forged.searchParams.set('v', '00000000-0000-4000-8000-000000000000');
    expect((await fetch(local(forged.toString()))).status).toBe(403);
    const stretched = new URL(recordingUrl);
    stretched.searchParams.set('exp', String(Math.floor(Date.now() / 1000) + 7 * 86_400));
    expect((await fetch(local(stretched.toString()))).status).toBe(403);
    const before = (await actions()).length;
    expect(before).toBe(3);

    // Another business's member gets nothing, and no audit entry is written for them.
    const stranger = await signup(app.url, 'stranger');
    expect((await readCall(stranger.accessToken, p.callId)).response.status).toBe(404);
    expect((await actions()).length).toBe(before);
  });

  it("the owner's lead e-mail links the signed-in recording page, never a playable link", async () => {
    const { account, b } = await ownedBusiness();
    const p = await seedPerson(app.ctx.db, b.id, { phone: fakeNumber(), daysAgo: 0, twilio });
    await notifyLead(app.ctx, { leadId: p.leadId, callId: p.callId });
    const mail = await inbox.waitFor((m) => m.to.includes(account.email) && m.subject.includes('lead for'));
    expect(mail.text).toContain(`${PUBLIC_BASE}/api/v1/calls/${p.callId}/recording`);
    expect(mail.text).not.toContain('sig=');
  });
});

describe('closing a business', { timeout: 90_000 }, () => {
  it('cuts every way in at once, can be undone in the grace period, and is deleted by the sweep after it', async () => {
    const { owner, account, b, phone } = await ownedBusiness();
    const db = app.ctx.db;
    // Minting an API key needs a verified e-mail.
    await db.account.update({ where: { id: account.id }, data: { emailVerifiedAt: new Date() } });
    const p = await seedPerson(db, b.id, { phone: fakeNumber(), daysAgo: 3, twilio });
    const { conn } = await hubspotConnection(app.ctx, { ...hubAccount, businessId: b.id });
    // The strongest key there is (admin): closing is still refused to it below, not merely to a read-only key.
    const asOwner = apiClient(app.url, owner.accessToken);
    const business = { params: { path: { id: b.id } } };
    const close = (as: typeof asOwner, confirmName: string) =>
      as.POST('/api/v1/businesses/{id}/closure', { ...business, body: { confirmName } });
    const key = await asOwner.POST('/api/v1/businesses/{id}/api-keys', {
      ...business,
      body: { name: 'zapier', scope: 'admin' },
    });
    const wrong = await close(asOwner, 'Not the name');
    expect(wrong.response.status).toBe(400);
    expect((await db.business.findUniqueOrThrow({ where: { id: b.id } })).closingAt).toBeNull();
    expect(key.response.status).toBe(201);
    expect(key.data!.scope).toBe('admin');
    const asKey = apiClient(app.url, { apiKey: key.data!.key });
    // An integrator's key cannot close the business: that takes the owner, signed in.
    const viaKey = await close(asKey, 'Rapid Rooter');
    expect([401, 403]).toContain(viaKey.response.status);
    expect((await db.business.findUniqueOrThrow({ where: { id: b.id } })).closingAt).toBeNull();

    const closed = await close(asOwner, 'Rapid Rooter');
    expect(closed.response.status).toBe(202);
    expect(closed.data!.detachedNumbers).toEqual([phone]);
    const purgeIn = new Date(closed.data!.purgeAfter).getTime() - Date.now();
    expect(purgeIn).toBeGreaterThan(0);
    expect(purgeIn).toBeLessThanOrEqual(28 * 86_400_000);
    const row = await db.business.findUniqueOrThrow({ where: { id: b.id } });
    expect(row.active).toBe(false);
    expect(row.widgetPublicKey).not.toBe(b.widgetPublicKey);
    expect(await db.phoneNumber.count({ where: { e164: phone } })).toBe(0);
    // The CRM grant is revoked at HubSpot and its tokens are gone here.
    expect(hub.stats().requests['oauth.refresh-tokens']).toBe(1);
    expect(closed.data!.revokedGrants).toEqual(['hubspot']);
    expect(await db.connection.findUniqueOrThrow({ where: { id: conn.id } })).toMatchObject({
      status: 'disconnected',
      accessTokenEnc: null,
      refreshTokenEnc: null,
    });
    expect((await asKey.GET('/api/v1/businesses/{id}', business)).response.status).toBe(401);
    expect(await db.auditLog.count({ where: { businessId: b.id, action: 'business.closed' } })).toBe(1);
    // Still readable (to export) during the grace period; the owner cannot delete their account yet.
    expect((await readCall(owner.accessToken, p.callId)).response.status).toBe(200);
    expect((await asOwner.DELETE('/api/v1/account')).response.status).toBe(409);

    expect((await asOwner.DELETE('/api/v1/businesses/{id}/closure', business)).response.status).toBe(204);
    expect((await db.business.findUniqueOrThrow({ where: { id: b.id } })).closingAt).toBeNull();
    expect((await close(asOwner, 'Rapid Rooter')).response.status).toBe(202);

    // The grace period passes; the hourly sweep deletes everything, recordings at Twilio first.
    await db.business.update({ where: { id: b.id }, data: { purgeAfter: new Date(Date.now() - 1000) } });
    await db.$transaction((tx) => enqueue(tx, 'retention.sweep', {}));
    await runDueJobs(app.ctx, own.url, [privacyTasks]);
    expect(await db.business.count({ where: { id: b.id } })).toBe(0);
    expect(await db.call.count({ where: { businessId: b.id } })).toBe(0);
    expect(await db.lead.count({ where: { businessId: b.id } })).toBe(0);
    expect(twilio.deleted()).toContain(p.recordingSid);
    expect(await db.auditLog.count({ where: { businessId: b.id, action: 'business.purged' } })).toBe(1);
    // Owning nothing now, the owner can delete their account.
    expect((await asOwner.DELETE('/api/v1/account')).response.status).toBe(204);
  });
});

describe('SMS consent', { timeout: 60_000 }, () => {
  it('records STOP/UNSTOP/HELP from signed webhooks, and a business never texts a number that opted out', async () => {
    const { account, b, phone: businessNumber } = await ownedBusiness();
    const db = app.ctx.db;
    const mobile = fakeNumber();
    await db.account.update({ where: { id: account.id }, data: { smsPhone: mobile, smsOptIn: true } });
    const hot = await seedPerson(db, b.id, { phone: fakeNumber(), daysAgo: 0 });
    const sms = (Body: string, signature?: false) =>
      postTwilio(
        app.url,
        '/twilio/sms',
        { From: mobile, To: businessNumber, Body },
        signature === false ? { signature: false } : {},
      );
    const sentTo = () => twilio.messages().filter((m) => m.to === mobile).length;

    expect([401, 403]).toContain((await sms('STOP', false)).status);
    expect(await db.smsOptOut.count({ where: { phone: mobile } })).toBe(0);

    expect((await sms(' Stop. ')).status).toBe(200);
    expect(await db.smsOptOut.count({ where: { phone: mobile } })).toBe(1);
    await notifyLead(app.ctx, { leadId: hot.leadId, callId: null });
    expect(sentTo()).toBe(0);

    const help = await sms('help');
    expect(help.body).toContain('<Message>Rapid Rooter');
    expect(help.body).toContain('Reply STOP');

    await sms('UNSTOP');
    expect(await db.smsOptOut.count({ where: { phone: mobile } })).toBe(0);
    await notifyLead(app.ctx, { leadId: hot.leadId, callId: null });
    expect(sentTo()).toBe(1);
    const history = await db.smsConsentRecord.findMany({ where: { phone: mobile }, orderBy: { createdAt: 'asc' } });
    expect(history.map((h) => [h.event, h.source, h.businessId])).toEqual([
      ['opt_out', 'sms_keyword', b.id],
      ['help', 'sms_keyword', b.id],
      ['opt_in', 'sms_keyword', b.id],
    ]);

    // Opted out, then erased: the opt-out survives as a hash, so the number is still never texted.
    await sms('stopall');
    const { id } = await createPrivacyRequest(app.ctx, {
      businessId: b.id,
      type: 'erase',
      phone: mobile,
      requestedBy: null,
    });
    await runPrivacyRequest(app.ctx, id);
    expect(await db.smsOptOut.count({ where: { phone: mobile } })).toBe(0);
    expect(await db.smsConsentRecord.count({ where: { phone: mobile } })).toBe(0);
    await notifyLead(app.ctx, { leadId: hot.leadId, callId: null });
    expect(sentTo()).toBe(1);
  });
});
