/**
 * Closing a business, the two promises made at closure (#14): an export of all its data is prepared and
 * offered to the owner (an e-mail, read from the SMTP inbox, with a signed-in download link that works
 * until the grace period ends), and its numbers in the service's Twilio account are released there
 * (IncomingPhoneNumbers DELETE through the SDK, against the Twilio REST stand-in), not only detached.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBusiness } from '../../server/businesses/service.ts';
import { runDueJobs } from '../../server/jobs/worker.ts';
import { runClosureExport } from '../../server/privacy/closure-export.ts';
import { privacyTasks } from '../../server/privacy/tasks.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { call as api, signup } from '../../testkit/http.ts';
import { ownDatabase } from '../../testkit/own-database.ts';
import { seedPerson } from '../../testkit/privacy-seed.ts';
import { startSmtpInbox, type SmtpInbox } from '../../testkit/smtp-inbox.ts';
import { fakeNumber, PUBLIC_BASE, TWILIO_SID, TWILIO_TOKEN } from '../../testkit/twilio.ts';
import { startTwilioRestStandin, type TwilioRestStandin } from '../../testkit/twilio-rest-standin.ts';

let own: Awaited<ReturnType<typeof ownDatabase>>;
let twilio: TwilioRestStandin;
let inbox: SmtpInbox;
let app: TestApp;

beforeAll(async () => {
  own = await ownDatabase('privacy_closure_export');
  twilio = await startTwilioRestStandin({ accountSid: TWILIO_SID, authToken: TWILIO_TOKEN });
  inbox = await startSmtpInbox();
  app = await startTestApp({
    env: {
      DATABASE_URL: own.url,
      TWILIO_ACCOUNT_SID: TWILIO_SID,
      TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
      TWILIO_API_BASE_URL: twilio.url,
      PUBLIC_BASE_URL: PUBLIC_BASE,
      SMTP_URL: inbox.url,
    },
  });
});
afterAll(async () => {
  await app?.close();
  await inbox?.stop();
  await twilio?.stop();
  await own?.drop();
});

const local = (u: string) => new URL(u).pathname + new URL(u).search;

describe('closing a business', { timeout: 90_000 }, () => {
  it('releases its Twilio numbers, and e-mails the owner an export of everything, downloadable until the purge', async () => {
    const owner = await signup(app.url, 'closing-owner');
    const account = await app.ctx.db.account.findUniqueOrThrow({ where: { email: owner.email } });
    const db = app.ctx.db;
    // Three numbers: one attached before sids were kept (in the account, found by number), one bought
    // through Leadline (its sid stored), one the account does not hold (only detached).
    const [legacy, bought, foreign] = [fakeNumber(), fakeNumber(), fakeNumber()];
    const legacySid = twilio.addNumber(legacy);
    const boughtSid = twilio.addNumber(bought);
    const b = await createBusiness(db, { name: 'Closing Plumbing', phone: legacy, ownerAccountId: account.id });
    await db.phoneNumber.create({ data: { businessId: b.id, e164: bought, twilioSid: boughtSid } });
    await db.phoneNumber.create({ data: { businessId: b.id, e164: foreign } });
    const person = await seedPerson(db, b.id, { phone: fakeNumber(), email: 'ruth@example.com', daysAgo: 2, twilio });

    const closed = await api(app.url, 'POST', `/api/v1/businesses/${b.id}/closure`, {
      token: owner.accessToken,
      body: { confirmName: 'Closing Plumbing' },
    });
    expect(closed.status).toBe(202);
    expect([...closed.body.releasedNumbers].sort()).toEqual([legacy, bought].sort());
    expect([...closed.body.detachedNumbers].sort()).toEqual([legacy, bought, foreign].sort());
    expect(twilio.releasedNumbers().sort()).toEqual([legacySid, boughtSid].sort());
    expect(twilio.numbers().map((n) => n.e164)).not.toContain(bought);
    expect(await db.phoneNumber.count({ where: { businessId: b.id } })).toBe(0);
    // The number still in someone's account rests in quarantine; the released ones are gone from it.
    expect(
      (await db.releasedNumber.findMany({ where: { e164: { in: [legacy, bought, foreign] } } })).map((r) => r.e164),
    ).toEqual([foreign]);
    const closedAudit = await db.auditLog.findFirstOrThrow({ where: { businessId: b.id, action: 'business.closed' } });
    expect(closedAudit.meta).toMatchObject({ releasedNumbers: 2, detachedNumbers: 3 });

    // The export is a request of its own, pending until the job has built it.
    const statusPath = local(closed.body.export);
    const pending = await api(app.url, 'GET', statusPath, { token: owner.accessToken });
    expect(pending.status).toBe(200);
    expect(pending.body).toMatchObject({ type: 'export', status: 'pending', download: null });

    await runDueJobs(app.ctx, own.url, [privacyTasks]);
    const mail = await inbox.waitFor((m) => m.to.includes(owner.email) && m.subject.includes('is closing'));
    expect(mail.subject).toContain('Closing Plumbing');
    const link = mail.text.match(/https?:\/\/\S+\/download/)?.[0];
    expect(link).toBe(`${PUBLIC_BASE}${statusPath}/download`);

    const done = await api(app.url, 'GET', statusPath, { token: owner.accessToken });
    expect(done.body.status).toBe('done');
    // Downloadable exactly as long as the business can be reopened: then it goes with the business.
    expect(done.body.download.expiresAt).toBe(closed.body.purgeAfter);

    // The link asks for sign-in; a stranger signed in gets nothing; the owner gets all of it.
    expect((await api(app.url, 'GET', local(link!))).status).toBe(401);
    const stranger = await signup(app.url, 'closing-stranger');
    expect((await api(app.url, 'GET', local(link!), { token: stranger.accessToken })).status).toBe(404);
    const doc = await api(app.url, 'GET', local(link!), { token: owner.accessToken });
    expect(doc.status).toBe(200);
    expect(doc.body.business).toEqual({ id: b.id, name: 'Closing Plumbing' });
    const exportedCall = doc.body.calls.find((c: { id: string }) => c.id === person.callId);
    expect(exportedCall.transcript.length).toBeGreaterThan(0);
    expect(exportedCall.recording.url).toContain(`/recordings/${person.callId}?`);
    expect(doc.body.leads.map((l: { id: string }) => l.id)).toContain(person.leadId);
    expect(doc.body.leads.find((l: { id: string }) => l.id === person.leadId).email).toBe('ruth@example.com');
    expect(doc.body.callbackRequests.length).toBeGreaterThan(0);
    const actions = (await db.auditLog.findMany({ where: { businessId: b.id } })).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['business.export_offered', 'privacy.export_downloaded']));

    // The job run again (a retry) neither rebuilds nor mails twice.
    await runClosureExport(app.ctx, done.body.id);
    expect(inbox.to(owner.email).filter((m) => m.subject.includes('is closing'))).toHaveLength(1);
  });

  it('a business reopened before the job runs is offered nothing', async () => {
    const owner = await signup(app.url, 'reopening-owner');
    const account = await app.ctx.db.account.findUniqueOrThrow({ where: { email: owner.email } });
    const b = await createBusiness(app.ctx.db, {
      name: 'Second Thoughts',
      phone: fakeNumber(),
      ownerAccountId: account.id,
    });
    const closed = await api(app.url, 'POST', `/api/v1/businesses/${b.id}/closure`, {
      token: owner.accessToken,
      body: { confirmName: 'Second Thoughts' },
    });
    expect(closed.status).toBe(202);
    expect(closed.body.releasedNumbers).toEqual([]); // not in the account: only detached
    expect(
      (await api(app.url, 'DELETE', `/api/v1/businesses/${b.id}/closure`, { token: owner.accessToken })).status,
    ).toBe(204);
    await runDueJobs(app.ctx, own.url, [privacyTasks]);
    const status = await api(app.url, 'GET', local(closed.body.export), { token: owner.accessToken });
    expect(status.body).toMatchObject({ status: 'done', download: null });
    expect(inbox.to(owner.email).filter((m) => m.subject.includes('is closing'))).toHaveLength(0);
  });
});
