import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { createTelephony } from '../../server/calls/telephony.ts';
import { TWILIO_API, TWILIO_SID, TWILIO_TOKEN } from '../../testkit/twilio.ts';

const tel = () =>
  createTelephony({
    TWILIO_ACCOUNT_SID: TWILIO_SID,
    TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
    TWILIO_API_BASE_URL: TWILIO_API,
  })!;
afterEach(() => nock.cleanAll());

describe('Twilio REST through the official SDK, at the configured base URL', () => {
  it('is absent without credentials', () => {
    expect(createTelephony({})).toBeNull();
  });

  it('redirects a live call with new TwiML', async () => {
    let body: Record<string, string> = {};
    const scope = nock(TWILIO_API)
      .post(`/2010-04-01/Accounts/${TWILIO_SID}/Calls/CA123.json`, (b) => ((body = b), true))
      .basicAuth({ user: TWILIO_SID, pass: TWILIO_TOKEN })
      .reply(200, { sid: 'CA123', status: 'in-progress' });
    await tel().updateCall('CA123', '<Response><Hangup/></Response>');
    scope.done();
    expect(body.Twiml).toBe('<Response><Hangup/></Response>');
  });

  it('starts a dual-channel recording with our callback', async () => {
    let body: Record<string, string> = {};
    const scope = nock(TWILIO_API)
      .post(`/2010-04-01/Accounts/${TWILIO_SID}/Calls/CA123/Recordings.json`, (b) => ((body = b), true))
      .reply(201, { sid: 'RE1' });
    expect(await tel().startRecording('CA123', 'https://leadline.test/twilio/recording')).toEqual({ sid: 'RE1' });
    scope.done();
    expect(body).toMatchObject({
      RecordingStatusCallback: 'https://leadline.test/twilio/recording',
      RecordingChannels: 'dual',
    });
  });

  it('places an outbound call and sends SMS', async () => {
    const seen: Record<string, string>[] = [];
    const scope = nock(TWILIO_API)
      .post(`/2010-04-01/Accounts/${TWILIO_SID}/Calls.json`, (b) => (seen.push(b), true))
      .reply(201, { sid: 'CA9' })
      .post(`/2010-04-01/Accounts/${TWILIO_SID}/Messages.json`, (b) => (seen.push(b), true))
      .reply(201, { sid: 'SM9' });
    expect(
      await tel().createCall({
        from: '+15125550100',
        to: '+15125550142',
        url: 'https://x/twilio/voice',
        statusCallback: 'https://x/twilio/status',
      }),
    ).toEqual({ sid: 'CA9' });
    expect(await tel().sendSms({ from: '+15125550100', to: '+15125550142', body: 'hi' })).toEqual({ sid: 'SM9' });
    scope.done();
    expect(seen[0]).toMatchObject({
      From: '+15125550100',
      To: '+15125550142',
      Url: 'https://x/twilio/voice',
      StatusCallback: 'https://x/twilio/status',
    });
    expect(seen[1]).toMatchObject({ Body: 'hi' });
  });
});
