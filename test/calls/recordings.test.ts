import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createBusiness } from '../../server/businesses/service.ts';
import { signedRecordingUrl } from '../../server/calls/recording-link.ts';
import { notifyLead } from '../../server/leads/notify.ts';
import { processCall } from '../../server/leads/process-call.ts';
import { startTestApp, type TestApp } from '../../testkit/app.ts';
import { startSmtpInbox, type SmtpInbox } from '../../testkit/smtp-inbox.ts';
import { apiClient } from '../../testkit/api-client.ts';
import { signup } from '../../testkit/http.ts';
import {
  callSid,
  fakeNumber,
  postTwilio,
  PUBLIC_BASE,
  telephonyEnv,
  TWILIO_API,
  TWILIO_SID,
  TWILIO_TOKEN,
} from '../../testkit/twilio.ts';
import { setBalance } from '../../testkit/minutes.ts';

/**
 * Which recordings can be played back, through the signed link, the authorised calls API and the owner's
 * lead e-mail: a consented call's, a voicemail's (recording is what the caller chose to leave), never a
 * call whose caller declined or was never asked.
 */
let app: TestApp;
let inbox: SmtpInbox;
beforeAll(async () => {
  inbox = await startSmtpInbox();
  app = await startTestApp({ env: telephonyEnv({ SMTP_URL: inbox.url }) });
});
afterAll(async () => {
  await app.close();
  await inbox.stop();
});

/** The lead e-mail as the owner's mail client shows it. */
const leadMail = (to: string) =>
  inbox.waitFor((m) => m.to.includes(to.toLowerCase()) && m.subject.includes('lead for Rapid Rooter'));
afterEach(() => nock.cleanAll());

const FROM = '+15125550142';
const recSid = () => 'RE' + callSid().slice(2);

/** A business with a signed-up owner; `overrides` go to createBusiness. */
async function ownedBusiness(overrides: Record<string, unknown> = {}) {
  const owner = await signup(app.url, 'owner');
  const account = await app.ctx.db.account.findUniqueOrThrow({ where: { email: owner.email } });
  const phone = fakeNumber();
  const b = await createBusiness(app.ctx.db, {
    name: 'Rapid Rooter',
    services: ['drain cleaning'],
    timezone: 'America/Chicago',
    phone,
    ownerAccountId: account.id,
    ...overrides,
  });
  return { owner, b, phone };
}

/** The call Twilio reports, with its recording stored through the recording callback. */
async function recorded(sid: string) {
  const recordingSid = recSid();
  await postTwilio(app.url, '/twilio/recording', {
    CallSid: sid,
    RecordingSid: recordingSid,
    RecordingStatus: 'completed',
    RecordingDuration: '17',
  });
  return { call: await app.ctx.db.call.findUniqueOrThrow({ where: { twilioCallSid: sid } }), recordingSid };
}

/** A voicemail: the business cannot take the call (inactive, nowhere to forward), the caller leaves a message. */
async function voicemail(phone: string) {
  const sid = callSid();
  const vm = await postTwilio(app.url, '/twilio/voice', { CallSid: sid, From: FROM, To: phone });
  expect(vm.body).toContain('<Record');
  return { sid, ...(await recorded(sid)) };
}

/** An AI call whose caller answered the consent question with `digit`. */
async function consentCall(phone: string, digit: '1' | '2') {
  const sid = callSid();
  await postTwilio(app.url, '/twilio/voice', { CallSid: sid, From: FROM, To: phone });
  const c = await app.ctx.db.call.findUniqueOrThrow({ where: { twilioCallSid: sid } });
  await postTwilio(app.url, `/twilio/consent?callId=${c.id}&attempt=1`, { CallSid: sid, Digits: digit });
  return { sid, ...(await recorded(sid)) };
}

/** The signed link the API handed out, fetched from the test server. */
const fetchLink = (url: string) => fetch(url.replace(PUBLIC_BASE, app.url));

function twilioAudio(recordingSid: string, audio: Buffer) {
  return nock(TWILIO_API)
    .get(`/2010-04-01/Accounts/${TWILIO_SID}/Recordings/${recordingSid}.mp3`)
    .basicAuth({ user: TWILIO_SID, pass: TWILIO_TOKEN })
    .reply(200, audio, { 'content-type': 'audio/mpeg' });
}

/** GET /api/v1/calls/{callId} through the typed client (every answer checked against the document). */
const readCall = (token: string | undefined, callId: string) =>
  apiClient(app.url, token).GET('/api/v1/calls/{callId}', { params: { path: { callId } } });

describe('voicemail recordings', () => {
  it('are listed by the calls API for the owner, play through the signed link, and stay hidden from other tenants', async () => {
    const { owner, b, phone } = await ownedBusiness();
    await app.ctx.db.business.update({ where: { id: b.id }, data: { active: false } });
    const { call, recordingSid } = await voicemail(phone);
    expect(call).toMatchObject({ mode: 'voicemail', recordingSid });
    expect(await app.ctx.db.consentRecord.count({ where: { callId: call.id } })).toBe(0);

    const got = await readCall(owner.accessToken, call.id);
    expect(got.response.status).toBe(200);
    expect(got.data).toMatchObject({
      id: call.id,
      businessId: b.id,
      mode: 'voicemail',
      consent: null,
      recording: { seconds: 17, status: 'completed' },
    });
    const url = got.data!.recording!.url!;
    // Minted for this view and this viewer (#12: short-lived, per view, behind login).
    expect(url).toMatch(new RegExp(`^${PUBLIC_BASE}/recordings/${call.id}\\?exp=\\d+&v=[0-9a-f-]{36}&sig=`));
    const listed = await apiClient(app.url, owner.accessToken).GET('/api/v1/businesses/{id}/calls', {
      params: { path: { id: b.id }, query: { mode: 'voicemail' } },
    });
    expect(listed.data!.items.map((c) => c.id)).toContain(call.id);
    expect(listed.data!.items.every((c) => c.mode === 'voicemail')).toBe(true);

    const audio = Buffer.from('ID3-voicemail-bytes');
    const scope = twilioAudio(recordingSid, audio);
    const played = await fetchLink(url);
    expect(played.status).toBe(200);
    expect(played.headers.get('content-type')).toBe('audio/mpeg');
    expect(Buffer.from(await played.arrayBuffer())).toEqual(audio);
    scope.done();

    const stranger = await signup(app.url, 'stranger');
    expect((await readCall(stranger.accessToken, call.id)).response.status).toBe(404);
    expect((await readCall(undefined, call.id)).response.status).toBe(401);
  });

  it('play when the forwarded call went unanswered and the caller left a message', async () => {
    const { owner, b, phone } = await ownedBusiness({ forwardingNumber: '+15125559999' });
    await setBalance(app.ctx.db, b.id, 0);
    const sid = callSid();
    await postTwilio(app.url, '/twilio/voice', { CallSid: sid, From: FROM, To: phone });
    const c = await app.ctx.db.call.findUniqueOrThrow({ where: { twilioCallSid: sid } });
    expect(c.mode).toBe('forwarded');
    expect(
      (await postTwilio(app.url, `/twilio/fallback?callId=${c.id}`, { CallSid: sid, DialCallStatus: 'no-answer' }))
        .body,
    ).toContain('<Record');
    const { recordingSid } = await recorded(sid);
    const got = (await readCall(owner.accessToken, c.id)).data!;
    expect(got.mode).toBe('voicemail');
    const scope = twilioAudio(recordingSid, Buffer.from('ID3-message'));
    expect((await fetchLink(got.recording!.url!)).status).toBe(200);
    scope.done();
  });

  it('count as a lead when the call completes before the recording callback arrives', async () => {
    const { b, phone } = await ownedBusiness();
    await app.ctx.db.business.update({ where: { id: b.id }, data: { active: false } });
    const sid = callSid();
    const vm = await postTwilio(app.url, '/twilio/voice', { CallSid: sid, From: FROM, To: phone });
    const action = /<Record[^>]* action="([^"]+)"/.exec(vm.body)![1]!.replaceAll('&amp;', '&').replace(PUBLIC_BASE, '');
    const call = await app.ctx.db.call.findUniqueOrThrow({ where: { twilioCallSid: sid } });
    // Twilio's order when the caller hangs up after the message: <Record>'s action, then "completed";
    // the recording status callback comes whenever the file is ready.
    const recordingSid = 'RE' + 'b'.repeat(32);
    expect(
      (
        await postTwilio(app.url, action, {
          CallSid: sid,
          RecordingSid: recordingSid,
          RecordingDuration: '14',
          RecordingUrl: 'https://api.twilio.test/rec',
        })
      ).status,
    ).toBe(200);
    await postTwilio(app.url, '/twilio/status', { CallSid: sid, CallStatus: 'completed', CallDuration: '20' });
    const r = await processCall(app.ctx, call.id);
    expect(r.lead).toMatchObject({ isLead: true, phone: FROM, reason: 'Left a voicemail' });
    expect(await app.ctx.db.call.findUniqueOrThrow({ where: { id: call.id } })).toMatchObject({
      recordingSid,
      recordingSeconds: 14,
    });
    // A forged action for another call's id changes nothing.
    await postTwilio(app.url, action, { CallSid: callSid(), RecordingSid: 'RE' + 'c'.repeat(32) });
    expect((await app.ctx.db.call.findUniqueOrThrow({ where: { id: call.id } })).recordingSid).toBe(recordingSid);
  });

  it('reach the owner: the lead e-mail of a voicemail carries the recording link', async () => {
    const { owner, b, phone } = await ownedBusiness();
    await app.ctx.db.business.update({ where: { id: b.id }, data: { active: false } });
    const { sid, call } = await voicemail(phone);
    await postTwilio(app.url, '/twilio/status', { CallSid: sid, CallStatus: 'completed', CallDuration: '25' });
    const r = await processCall(app.ctx, call.id);
    expect(r.lead).toMatchObject({ isLead: true, phone: FROM, reason: 'Left a voicemail' });
    await notifyLead(app.ctx, { leadId: r.leadId!, callId: call.id });
    const mail = await leadMail(owner.email);
    // The e-mail carries the signed-in page, never a link that plays by itself.
    const link = mail.text.match(/Recording \(sign in to listen\): (\S+)/)?.[1];
    expect(link).toBe(`${PUBLIC_BASE}/api/v1/calls/${call.id}/recording`);
    const page = await fetch(link!.replace(PUBLIC_BASE, app.url), {
      headers: { authorization: `Bearer ${owner.accessToken}` },
      redirect: 'manual',
    });
    expect(page.status).toBe(303);
    const scope = twilioAudio(call.recordingSid!, Buffer.from('ID3-message'));
    expect((await fetchLink(page.headers.get('location')!)).status).toBe(200);
    scope.done();
  });
});

describe('recordings of calls the caller did not agree to', () => {
  it('a declined call: no link from the API or the e-mail, and a signed link is refused', async () => {
    const { owner, phone } = await ownedBusiness();
    const { sid, call } = await consentCall(phone, '2');
    expect(call.mode).toBe('ai');
    await app.ctx.db.transcriptSegment.create({
      data: {
        callId: call.id,
        businessId: call.businessId,
        seq: 1,
        speaker: 'caller',
        text: 'This is Sam Ortiz, my basement drain is backing up, please call me back.',
      },
    });
    const got = await readCall(owner.accessToken, call.id);
    expect(got.data).toMatchObject({ consent: { outcome: 'declined' }, recording: { url: null } });
    // A signed link minted anyway (an old e-mail, a bug elsewhere) still does not play it; Twilio is never asked.
    const scope = twilioAudio(call.recordingSid!, Buffer.from('ID3-conversation'));
    expect((await fetch(signedRecordingUrl(app.url, app.ctx.config.jwtSecret, call.id, 60))).status).toBe(404);
    expect(scope.isDone()).toBe(false);

    await postTwilio(app.url, '/twilio/status', { CallSid: sid, CallStatus: 'completed', CallDuration: '40' });
    const r = await processCall(app.ctx, call.id);
    expect(r.leadId).toBeTruthy();
    await notifyLead(app.ctx, { leadId: r.leadId!, callId: call.id });
    const mail = await leadMail(owner.email);
    expect(mail.text).toContain('Sam Ortiz');
    expect(mail.text).not.toContain('/recordings/');
  });

  it('a call the caller was never asked about (forwarded to a person) is refused; a consented one plays', async () => {
    const { owner, b, phone } = await ownedBusiness({ forwardingNumber: '+15125559999' });
    await setBalance(app.ctx.db, b.id, 0);
    const sid = callSid();
    await postTwilio(app.url, '/twilio/voice', { CallSid: sid, From: FROM, To: phone });
    const { call } = await recorded(sid);
    expect(call).toMatchObject({ mode: 'forwarded', recordingSid: expect.any(String) });
    expect((await readCall(owner.accessToken, call.id)).data!.recording!.url).toBeNull();

    await setBalance(app.ctx.db, b.id, 3600);
    const consented = await consentCall(phone, '1');
    const url = (await readCall(owner.accessToken, consented.call.id)).data!.recording!.url!;
    const scope = twilioAudio(consented.recordingSid, Buffer.from('ID3-call'));
    expect((await fetchLink(url)).status).toBe(200);
    scope.done();
  });
});
